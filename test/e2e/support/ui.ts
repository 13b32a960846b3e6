import type { Page } from 'playwright-core';

const OPEN_DROPDOWN = '.ant-select-dropdown:not(.ant-select-dropdown-hidden)';

/**
 * Opens an antd Select by its test id and picks the option whose text contains `text` (or the first one),
 * then waits for the dropdown to close so the next Select does not find this one still fading out.
 */
export async function choose(page: Page, testId: string, text?: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  const options = page.locator(`${OPEN_DROPDOWN} .ant-select-item-option`);
  await options.first().waitFor();
  await (text === undefined ? options.first() : options.filter({ hasText: text }).first()).click();
  for (const deadline = Date.now() + 10_000; (await page.locator(OPEN_DROPDOWN).count()) > 0; ) {
    if (Date.now() > deadline) throw new Error(`the dropdown of ${testId} did not close`);
    await page.waitForTimeout(50);
  }
}

export async function goto(page: Page, baseUrl: string, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/#/${hash}`);
}

/** "1,234.50" → "1234.50": the text on screen back to the decimal the API sent. */
export function plainAmount(text: string): string {
  return text.replace(/[,\s元¥]/g, '');
}

/** Clicks OK in an antd Popconfirm once its opening animation is over (a click mid-zoom can be lost). */
export async function confirmPopup(page: Page): Promise<void> {
  const settled = page.locator('.ant-popconfirm:not([class*="-enter"]):not([class*="-appear"]):not([class*="-leave"])');
  await settled.locator('.ant-btn-primary').click();
}

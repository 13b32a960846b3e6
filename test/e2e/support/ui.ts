import type { Page } from 'playwright-core';

/** Opens an antd Select by its test id and picks the option whose text contains `text` (or the first one). */
export async function choose(page: Page, testId: string, text?: string | RegExp): Promise<void> {
  await page.getByTestId(testId).click();
  const options = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option');
  await options.first().waitFor();
  await (text === undefined ? options.first() : options.filter({ hasText: text }).first()).click();
}

export async function goto(page: Page, baseUrl: string, hash: string): Promise<void> {
  await page.goto(`${baseUrl}/#/${hash}`);
}

/** "1,234.50" → "1234.50": the text on screen back to the decimal the API sent. */
export function plainAmount(text: string): string {
  return text.replace(/[,\s元¥]/g, '');
}

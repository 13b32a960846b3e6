import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/screenshots', import.meta.url));

/** Debian's Chromium, headless, with nothing that reaches out to the network on its own. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface Console {
  context: BrowserContext;
  page: Page;
  /** Every console error and failed page load, so a test can assert the page had none. */
  errors: string[];
}

/** A fresh browser context (own session storage) signed in as one demo user. */
export async function openConsoleAs(browser: Browser, baseUrl: string, user: string): Promise<Console> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  // The local server's Content-Security-Policy must let the console work: any violation is an error of the page.
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')));",
  });
  await page.goto(`${baseUrl}/`);
  await page.getByTestId(`demo-user-${user}`).click();
  await page.getByTestId('current-user').waitFor();
  return { context, page, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  // Let charts finish their first paint.
  await page.waitForTimeout(300);
  await page.screenshot({ path, fullPage: true });
  return path;
}

import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { fetchSender } from '../../support/planning-world';
import { launchChromium, openConsoleAs, screenshot, type Console } from './browser';
import { englishWords } from './chinese';
import { startLocalServer, type LocalServer } from './server';

/** A demo user as /config.json lists it for local sign-in. */
export interface DemoUser {
  user: string;
  role: string;
  schoolId?: string;
  token: string;
}

export interface Harness {
  server: () => LocalServer;
  users: () => DemoUser[];
  /** A fresh browser context signed in as `user` (closed after the file). */
  signIn: (user: string) => Promise<Console>;
  /** The API as `user`, through the same server; anything but 2xx fails the test with the answer. */
  api: (user: string, method: string, path: string, body?: unknown) => Promise<any>;
}

/** React or antd complaining in the console is a defect too; refused API calls (4xx) are expected in these flows. */
export function expectCleanConsole(session: Console): void {
  expect(session.errors.filter((error) => !/status of 4\d\d/.test(error))).toEqual([]);
}

/** Every word a person reads on a Chinese page is Chinese (issue 14): no English, no raw codes. */
export async function expectChinese(page: Page, where: string): Promise<void> {
  expect(await englishWords(page), `English on the zh page ${where}`).toEqual([]);
}

/**
 * One `skillfund serve --in-memory` and one Chromium for a test file: started before its tests, a screenshot where a
 * failed test stopped, everything closed after.
 */
export function useConsoleHarness(): Harness {
  let server: LocalServer;
  let browser: Browser;
  let users: DemoUser[] = [];
  const opened: Console[] = [];

  beforeAll(async () => {
    server = await startLocalServer();
    browser = await launchChromium();
    users = ((await (await fetch(`${server.url}/config.json`)).json()) as { demoUsers?: DemoUser[] }).demoUsers ?? [];
  }, 240_000);

  afterEach(async (context) => {
    const last = opened.at(-1);
    if (context.task.result?.state === 'fail' && last) await screenshot(last.page, `FAILED-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });

  afterAll(async () => {
    for (const session of opened) await session.context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  const tokenOf = (user: string) => {
    const found = users.find((u) => u.user === user);
    if (!found) throw new Error(`config.json lists no demo user ${user}`);
    return found.token;
  };
  return {
    server: () => server,
    users: () => users,
    signIn: async (user) => {
      const session = await openConsoleAs(browser, server.url, user);
      opened.push(session);
      return session;
    },
    api: async (user, method, path, body) => {
      const answer = await fetchSender(server.url)(tokenOf(user), method, path, body);
      if (answer.status >= 300) throw new Error(`${method} ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 400)}`);
      return answer.body;
    },
  };
}

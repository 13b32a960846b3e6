import { defineConfig } from 'vitest/config';

/** Tests against AWS DynamoDB Local; their project alone starts the JVM (globalSetup runs only when it has tests). */
const CONNECTED = 'test/**/*.connected.test.ts';
/** The console clicked through in Chromium against the local server; one file, one server, flows in order. */
const E2E = 'test/e2e/**/*.test.ts';

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'web/dist/**', 'cdk.out/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['domain/**/*.test.ts', 'messages/**/*.test.ts', 'formats/**/*.test.ts', 'functions/**/*.test.ts', 'cli/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['node_modules/**', 'web/dist/**', 'cdk.out/**', CONNECTED, E2E],
        },
      },
      {
        extends: true,
        test: { name: 'dynamodb-local', include: [CONNECTED], globalSetup: ['test/support/dynamodb-local.global.ts'] },
      },
      {
        extends: true,
        // Files one after another: each starts its own server and browser (flows of one file stay independent of
        // another's), and the first builds the console.
        test: { name: 'e2e', include: [E2E], testTimeout: 180_000, hookTimeout: 240_000, fileParallelism: false },
      },
    ],
  },
});

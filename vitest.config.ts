import { defineConfig } from 'vitest/config';

/** Tests against AWS DynamoDB Local; their project alone starts the JVM (globalSetup runs only when it has tests). */
const CONNECTED = 'test/**/*.connected.test.ts';

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
          include: ['domain/**/*.test.ts', 'formats/**/*.test.ts', 'functions/**/*.test.ts', 'cli/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['node_modules/**', 'web/dist/**', 'cdk.out/**', CONNECTED],
        },
      },
      {
        extends: true,
        test: { name: 'dynamodb-local', include: [CONNECTED], globalSetup: ['test/support/dynamodb-local.global.ts'] },
      },
    ],
  },
});

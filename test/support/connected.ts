import { describe, inject, it } from 'vitest';
import type { Store } from '../../functions/store/types';
import { freshStore } from './store';

/**
 * Runs `suite` on AWS DynamoDB Local (started by test/support/dynamodb-local.global.ts). Without it the suite is
 * skipped with the reason, except under CI=true, where it fails: a connected suite never passes by not running.
 */
export function describeOnDynamoDbLocal(name: string, suite: (openStore: () => Promise<Store>) => void): void {
  const local = inject('dynamodbLocal');
  if ('endpoint' in local) {
    suite(() => freshStore(local.endpoint));
  } else if (process.env.CI === 'true') {
    describe(`${name} on DynamoDB Local`, () => {
      it('needs DynamoDB Local in CI', () => {
        throw new Error(`refusing to pass without DynamoDB Local: ${local.unavailable}`);
      });
    });
  } else {
    describe.skip(`${name} on DynamoDB Local (skipped: ${local.unavailable})`, () => {
      it('runs when DynamoDB Local is available', () => {});
    });
  }
}

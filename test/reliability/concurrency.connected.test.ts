import { describe, inject, it } from 'vitest';
import { freshStore } from '../support/store';
import { describeConcurrency } from './concurrency';

/** The same races on AWS DynamoDB Local (started by test/support/dynamodb-local.global.ts). */
const local = inject('dynamodbLocal');

if ('endpoint' in local) {
  describeConcurrency('DynamoDB Local', () => freshStore(local.endpoint));
} else if (process.env.CI === 'true') {
  describe('concurrency on DynamoDB Local', () => {
    it('needs DynamoDB Local in CI', () => {
      throw new Error(`refusing to pass without DynamoDB Local: ${local.unavailable}`);
    });
  });
} else {
  describe.skip(`concurrency on DynamoDB Local (skipped: ${local.unavailable})`, () => {
    it('runs when DynamoDB Local is available', () => {});
  });
}

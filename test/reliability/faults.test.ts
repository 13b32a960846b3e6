import { ProvisionedThroughputExceededException, ThrottlingException } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { seedSampleData } from '../../functions/local/seed';
import { connect, type DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import type { Store } from '../../functions/store/types';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { freshStore } from '../support/store';
import { leakIn } from './support/errors';
import { faultyConnection } from './support/faulty';
import { handlersOn, type Actor } from './support/handlers';
import { RUN_LEASE_MS } from '../../functions/app/run-claim';

const finance: Actor = { user: 'zhang', role: 'finance' };
const checker: Actor = { user: 'li', role: 'finance' };
const runRequest = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' } };

let dynamo: LocalDynamo;
let store: Store & { connection: DynamoConnection };
beforeAll(async () => {
  dynamo = await startDynalite();
  store = (await freshStore(dynamo.endpoint)) as Store & { connection: DynamoConnection };
  await seedSampleData(store, REPO_ROOT, () => {});
});
afterAll(() => dynamo?.close());

describe('a DynamoDB failure in the middle of writing a run', () => {
  it('never leaves a complete-looking partial run, and a retry with the same key completes it', async () => {
    const healthy = handlersOn(store);
    const afterLease = handlersOn(store, { now: () => new Date(Date.now() + RUN_LEASE_MS + 1000).toISOString() });
    // How many writes a whole run takes, measured on a clean run.
    const probe = faultyConnection(store.connection);
    const reference = await handlersOn(createDynamoStore(probe.connection))(finance, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': 'reference' } });
    expect(reference.status).toBe(201);
    const totalWrites = probe.state.writes;
    expect(totalWrites).toBeGreaterThan(3);
    const expected = (await healthy(finance, 'GET', `/runs/${reference.body.runId}`)).body;

    for (let k = 0; k < totalWrites; k++) {
      const key = `crash-after-${k}`;
      const faulty = faultyConnection(store.connection);
      faulty.state.failAfter = k;
      const crashed = await handlersOn(createDynamoStore(faulty.connection))(finance, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': key } });
      expect(faulty.state.failed, `k=${k}`).toBeGreaterThanOrEqual(1);
      expect(crashed.status, `k=${k}`).toBe(500);
      expect(crashed.body.error.code).toBe('internal_error');
      expect(leakIn(JSON.stringify(crashed.body))).toBeUndefined();

      // Whatever got written, nobody sees a run that is not whole: either it is absent, or it is complete and whole.
      const listed = (await healthy(checker, 'GET', '/runs?limit=500')).body.items.map((r: { runId: string }) => r.runId);
      const runIds = listed.filter((id: string) => !id.startsWith(reference.body.runId));
      for (const runId of runIds) {
        const run = (await healthy(checker, 'GET', `/runs/${runId}`)).body;
        expect(run.status).toBe('complete');
        expect(run.schools).toHaveLength(expected.schools.length);
        expect(run.summary.totalAllocation).toBe(expected.summary.totalAllocation);
      }

      // The crashed request could not even give its claim back (every write fails), so its retry comes once the claim's
      // lease has run out, as a client retrying a 500 after a while would.
      const retried = await afterLease(finance, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': key } });
      expect([200, 201], `k=${k}: ${JSON.stringify(retried.body)}`).toContain(retried.status);
      const run = (await healthy(checker, 'GET', `/runs/${retried.body.runId}`)).body;
      expect(run).toMatchObject({ status: 'complete', summary: { totalAllocation: expected.summary.totalAllocation } });
      expect(run.schools.map((s: { allocation: string }) => s.allocation)).toEqual(expected.schools.map((s: { allocation: string }) => s.allocation));
      const trail = (await healthy(checker, 'GET', '/audit?limit=500')).body.items.filter((e: { action: string; subject: string }) => e.action === 'run.create' && e.subject === run.runId);
      expect(trail.length, `k=${k}: run.create in the audit trail`).toBeGreaterThanOrEqual(1);
    }
  }, 120_000);
});

describe('DynamoDB throttling', () => {
  /** A fresh connection whose next `count` requests are refused with `error` before reaching the table. */
  function throttled(error: () => Error) {
    const connection = connect({ ...store.connection.config, endpoint: dynamo.endpoint, region: 'us-east-1' });
    const state = { remaining: 0, refused: 0, attempts: 0 };
    connection.raw.middlewareStack.add(
      (next) => async (args) => {
        state.attempts++;
        if (state.remaining > 0) {
          state.remaining--;
          state.refused++;
          throw error();
        }
        return next(args);
      },
      { step: 'deserialize', name: 'injectThrottling', priority: 'low' },
    );
    return { store: createDynamoStore(connection), state, close: () => connection.raw.destroy() };
  }
  const pte = () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: { httpStatusCode: 400 } });
  const throttle = () => new ThrottlingException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });

  for (const [name, error] of [['ProvisionedThroughputExceededException', pte], ['ThrottlingException', throttle]] as const) {
    it(`retries ${name} with growing waits and succeeds`, async () => {
      const client = throttled(error);
      try {
        client.state.remaining = 3;
        const started = performance.now();
        const run = await handlersOn(client.store)(finance, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': `throttled-${name}` } });
        const elapsed = performance.now() - started;
        expect(run.status).toBe(201);
        expect(client.state.refused).toBe(3);
        // Three backoffs of the SDK's standard retry strategy: well over the few ms a plain retry loop would take.
        expect(elapsed).toBeGreaterThan(100);
      } finally {
        client.close();
      }
    });
  }

  it('gives up after its attempts with a 5xx and no internals, leaving no visible run', async () => {
    const client = throttled(pte);
    try {
      client.state.remaining = 1_000;
      const reply = await handlersOn(client.store)(finance, 'POST', '/runs', { json: runRequest, headers: { 'idempotency-key': 'throttled-forever' } });
      expect(reply.status).toBeGreaterThanOrEqual(500);
      expect(leakIn(JSON.stringify(reply.body))).toBeUndefined();
      expect(client.state.attempts).toBeGreaterThan(1);
    } finally {
      client.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../app/context';
import { createRun } from '../app/runs';
import { startDynalite, type LocalDynamo } from '../local/dynalite';
import { seedSampleData } from '../local/seed';
import { connect } from '../store/client';
import { createDynamoStore } from '../store/dynamo-store';
import { JOB_TICKET_PREFIX, runPK } from '../store/keys';
import { queryAll } from '../store/ops';
import { ensureTable } from '../store/table';
import { handler } from './jobs';

/** The jobs Lambda as AWS calls it: a stream record of an inserted job ticket, the store taken from the environment. */
describe('jobs handler', () => {
  let dynamo: LocalDynamo;
  const table = 'skillfund-jobs-test';
  beforeAll(async () => {
    dynamo = await startDynalite();
    process.env.TABLE_NAME = table;
    process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  });
  afterAll(() => dynamo.close());

  it('does the job a stream record names, once however often the record is delivered', async () => {
    const connection = connect({ tableName: table, endpoint: dynamo.endpoint, region: 'us-east-1' });
    await ensureTable(connection.raw, table);
    const store = createDynamoStore(connection);
    await seedSampleData(store, process.cwd(), () => {});
    // What the runs Lambda does for a dataset over the threshold (no local runner: in AWS the stream delivers).
    const ctx = { ...createContext(store), asyncRunLines: 100 };
    const caller = { userId: '张会计', subject: 'sub-zhang', name: '张会计', role: 'finance' as const };
    const queued = await createRun(ctx, caller, { ruleSetId: 'hlj-technical-schools', version: 1, datasetId: 'ds-sample-hlj-2026', fiscalYear: 2026, envelope: { policy: 'none' }, excludeInvalid: false }, 'job-key');
    expect(queued).toMatchObject({ queued: true, header: { status: 'pending', job: { state: 'queued' } } });
    const [ticket] = await queryAll(connection, { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': runPK(queued.header.runId), ':prefix': JOB_TICKET_PREFIX } });
    expect(ticket).toMatchObject({ runId: queued.header.runId });

    const record = (runId: string, sequence: string) => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequence, Keys: { PK: { S: runPK(runId) }, SK: { S: ticket!.SK as string } }, NewImage: { runId: { S: runId } } } });
    expect(await handler({ Records: [record(queued.header.runId, '1')] })).toEqual({ batchItemFailures: [] });
    const done = await store.getRun(queued.header.runId);
    expect(done.status).toBe('complete');
    expect((await store.listRunSchools(done.runId)).length).toBe(done.summary!.counts.schools);
    // Delivered again (streams deliver at least once): nothing more happens.
    expect(await handler({ Records: [record(queued.header.runId, '2')] })).toEqual({ batchItemFailures: [] });
    expect((await store.getRun(queued.header.runId)).completedAt).toBe(done.completedAt);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

/**
 * A statement explains the envelope's share only when the envelope changed some school's figures (SPEC §5). The
 * server works that out once per run (functions/app/school-summaries.ts); these runs pin the answer both ways.
 */
describe('a statement says how the envelope scaled the run only when it did', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  beforeAll(async () => {
    api = await startApi();
    zhang = api.as('张会计');
  });
  afterAll(() => api.service.close());

  /** The statements of the run's first `count` eligible schools. */
  async function statements(envelope: Record<string, string>, count = 1) {
    const created = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope });
    expect(created.status).toBe(201);
    const run = await zhang.get(`/runs/${created.body.runId}?schools=all`);
    const eligible = (run.body.schools as { schoolId: string; eligible: boolean }[]).filter((s) => s.eligible).slice(0, count);
    const shares: (string | undefined)[] = [];
    for (const school of eligible) {
      const statement = await zhang.get(`/runs/${created.body.runId}/schools/${school.schoolId}?lang=zh`);
      expect(statement.status).toBe(200);
      shares.push((statement.body.statement as { share?: string }).share);
    }
    return shares;
  }

  it('leaves the share out under a budget that covers every entitlement, and out without an envelope', async () => {
    expect(await statements({ policy: 'cap', budget: '900000000000' })).toEqual([undefined]);
    expect(await statements({ policy: 'none' })).toEqual([undefined]);
  });

  it('explains the share under a budget below the entitlement, for every statement of the run', async () => {
    // The second statement is served from the fact the first one worked out for the run.
    const shares = await statements({ policy: 'cap', budget: '2000000000' }, 2);
    expect(shares).toHaveLength(2);
    for (const share of shares) expect(share).toMatch(/2,000,000,000|2000000000/);
  });
});

import { describe, expect, it } from 'vitest';
import { normalizeEnrollment } from '../../domain/enrollment-normalizer';
import { validateRuleSet } from '../../domain/ruleset';
import { expectClientError } from './support/errors';
import { SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { sharedTestService, type TestService } from './support/service';

/**
 * Issue 15, finding 4: every free-form value of every request is bounded. Before, a 1,000,000-digit budget was a 500
 * (the run header could not be stored) and a 100,000-digit one was accepted and then carried by every listing.
 */
const RULES = SAMPLE_RULESET;
const DATASET = SAMPLE_DATASET;
const shared = sharedTestService();

const run = (budget: unknown) => ({ ruleSetId: RULES, version: 1, datasetId: DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget } });

/** Refused with 400 naming `path`, and nothing stored. */
async function expectRefused(method: string, path: string, options: Parameters<TestService['call']>[2], detailPath: string, code?: string) {
  const before = await shared.api.itemCount();
  const reply = await shared.api.call(method, path, options);
  expectClientError(reply, [400], `${method} ${path}`);
  expect(reply.body.error.details.map((d: { path: string }) => d.path), JSON.stringify(reply.body.error).slice(0, 300)).toContain(detailPath);
  if (code) expect(reply.body.error.code).toBe(code);
  expect(await shared.api.itemCount()).toBe(before);
}

describe('bounded free-form values', () => {
  it('a budget of 1,000,000 or 100,000 digits, as text or as a number, is 400 with its path, never a 500', async () => {
    for (const digits of [1_000_000, 100_000, 21]) {
      await expectRefused('POST', '/runs', { token: shared.finance, json: run('9'.repeat(digits)) }, 'body.envelope.budget');
      const literal = `{"ruleSetId":"${RULES}","version":1,"datasetId":"${DATASET}","fiscalYear":2026,"envelope":{"policy":"cap","budget":${'9'.repeat(digits)}}}`;
      await expectRefused('POST', '/runs', { token: shared.finance, raw: literal, headers: { 'content-type': 'application/json' } }, 'body.envelope.budget', 'inexact_number');
    }
    await expectRefused('POST', '/simulations', { token: shared.policy, json: { base: { ruleSetId: RULES, version: 1 }, candidate: { ruleSet: {} }, datasetId: DATASET, envelope: { policy: 'cap', budget: '1'.repeat(30) } } }, 'body.envelope.budget');
    await expectRefused('POST', '/runs', { token: shared.finance, json: run('-5') }, 'body.envelope.budget');
  });

  it('a 20-digit budget is still a budget, and a number JSON cannot carry is refused rather than rounded', async () => {
    expect((await shared.api.call('POST', '/runs', { token: shared.finance, json: run('9'.repeat(20)) })).status).toBe(201);
    const rounded = `{"ruleSetId":"${RULES}","version":1,"datasetId":"${DATASET}","fiscalYear":2026,"envelope":{"policy":"cap","budget":90000000.000000001}}`;
    await expectRefused('POST', '/runs', { token: shared.finance, raw: rounded, headers: { 'content-type': 'application/json' } }, 'body.envelope.budget', 'inexact_number');
    expect((await shared.api.call('POST', '/runs', { token: shared.finance, json: run(90000000.5) })).status).toBe(201);
  });

  it('keys, names, notes, cursors, versions and upload parameters have limits', async () => {
    await expectRefused('POST', '/runs', { token: shared.finance, json: run('90000000'), headers: { 'idempotency-key': 'k'.repeat(201) } }, 'headers.idempotency-key');
    await expectRefused('POST', '/runs', { token: shared.finance, json: { ...run('90000000'), clientKey: 'k'.repeat(201) } }, 'body.clientKey');
    await expectRefused('POST', '/runs', { token: shared.finance, json: { ...run('90000000'), version: 10_000_000 } }, 'body.version');
    await expectRefused('POST', '/datasets', { token: shared.finance, json: { name: 'n'.repeat(201) } }, 'body.name');
    await expectRefused('POST', `/datasets?name=${'n'.repeat(300)}`, { token: shared.finance, raw: 'a,b\n', headers: { 'content-type': 'text/csv' } }, 'query.name');
    await expectRefused('POST', '/datasets?name=x&fiscalYear=twenty', { token: shared.finance, raw: 'a,b\n', headers: { 'content-type': 'text/csv' } }, 'query.fiscalYear');
    await expectRefused('POST', `/datasets?name=x&fileName=${'f'.repeat(300)}.csv`, { token: shared.finance, raw: 'a,b\n', headers: { 'content-type': 'text/csv' } }, 'query.fileName');
    await expectRefused('POST', '/datasets/ds-x/parts?part=10001', { token: shared.finance, raw: 'a,b\n', headers: { 'content-type': 'text/csv' } }, 'query.part');
    await expectRefused('GET', `/runs?cursor=${'c'.repeat(3000)}`, { token: shared.finance }, 'query.cursor');
    await expectRefused('POST', `/rulesets/${RULES}/drafts`, { token: shared.policy, json: { changeNote: 'n'.repeat(2001) } }, 'body.changeNote');
    await expectRefused('GET', `/rulesets/${RULES}/diff?from=1&to=99999999`, { token: shared.policy }, 'query.to');
  });

  it('a rule set in a draft keeps every number as written, or is refused with the number\'s path', async () => {
    const text = `{"ruleSet":{"id":"${RULES}","tiers":[{"code":"T1","name":"一档","perStudent":6000.0000000000001}]}}`;
    await expectRefused('POST', `/rulesets/${RULES}/drafts`, { token: shared.policy, raw: text, headers: { 'content-type': 'application/json' } }, 'body.ruleSet.tiers[0].perStudent', 'inexact_number');
  });

  it('names, citations and lists inside a rule set, and names in an enrolment file, are bounded too', () => {
    const outcome = validateRuleSet({ schema: 'skillfund/ruleset@1', id: 'x', name: '名'.repeat(201), fiscalYear: 2026, source: 's'.repeat(2001), tiers: [{ code: 'T'.repeat(65), name: 't', perStudent: '1' }], categories: [], majors: [], classBands: [{ classType: 'intermediate', name: 'b' }] });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['name', 'source', 'tiers[0].code']));
    const { problems } = normalizeEnrollment([{ row: 2, values: { school_id: 'S1', school_name: '校'.repeat(201), school_type: '技师学院', ownership: '公办', major_code: '0101', class_type: '中级工班', students: '1' } }]);
    expect(problems[0]).toMatchObject({ row: 2, field: 'school_name', reason: 'text_too_long' });
  });
});

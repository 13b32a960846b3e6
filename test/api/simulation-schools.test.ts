import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, type ApiClient } from '../support/api';

/**
 * A simulation kept for paging (issue 14): POST /simulations with `firstPage` stores its school rows and answers with
 * the first page; GET /simulations/{id}/schools sorts, filters, searches and pages them on the server, for whoever ran
 * it (or an administrator). Each page is checked against the whole school list the unpaged answer still gives.
 */
interface Row {
  schoolId: string;
  schoolName: string;
  schoolType: string;
  city?: string;
  baseAllocation: string;
  newAllocation: string;
  change: string;
  changePercent: string | null;
  effects: Record<string, string>;
}

describe('a simulation’s schools, a page at a time', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let wang: ApiClient;
  let body: Record<string, unknown>;
  let all: Row[];
  let full: { attribution: { totals: { baseAllocation: string; newAllocation: string; change: string } } };
  let cities: Map<string, string>;
  let simulationId: string;
  let first: { status: number; body: any };

  beforeAll(async () => {
    api = await startApi();
    wang = api.as('王政策');
    const latest = (await wang.get(`/rulesets/${SAMPLE_RULESET}/versions/1`)).body.ruleSet;
    // T1 and T2 up, T2 more: schools gain by different amounts, so every sort has something to order.
    const tiers = latest.tiers.map((tier: { code: string; perStudent: string }) =>
      tier.code === 'T1' ? { ...tier, perStudent: new Decimal(tier.perStudent).plus(300).toFixed() } : tier.code === 'T2' ? { ...tier, perStudent: new Decimal(tier.perStudent).plus(700).toFixed() } : tier,
    );
    body = { base: { ruleSetId: SAMPLE_RULESET, version: 1 }, candidate: { ruleSet: { ...latest, tiers } }, datasetId: SAMPLE_DATASET, envelope: { policy: 'none' }, comparisonLines: false };
    const whole = await wang.post('/simulations', body);
    expect(whole.status).toBe(200);
    full = whole.body;
    all = whole.body.attribution.schools;
    const run = await api.as('张会计').post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } });
    cities = new Map((await api.as('张会计').get(`/runs/${run.body.runId}`)).body.schools.map((s: { schoolId: string; city?: string }) => [s.schoolId, s.city]));
    first = await wang.post('/simulations', { ...body, firstPage: { sort: 'change', order: 'desc', limit: 20 } });
    expect(first.status).toBe(200);
    simulationId = first.body.simulationId;
  }, 120_000);
  afterAll(() => api.service.close());

  const page = (query: string, client = wang) => client.get(`/simulations/${simulationId}/schools${query ? `?${query}` : ''}`);
  const ids = (rows: Row[]) => rows.map((row) => row.schoolId);
  const byDecimal = (pick: (row: Row) => string) => [...all].sort((a, b) => new Decimal(pick(a)).comparedTo(pick(b)) || (a.schoolId < b.schoolId ? -1 : 1));

  it('answers the first page with the totals, not every school, and keeps the rows in the store', async () => {
    expect(all.length).toBeGreaterThan(100);
    const { body: answer } = first;
    expect(answer.schools).toMatchObject({ simulationId, total: all.length, offset: 0, limit: 20, sort: 'change', order: 'desc' });
    expect(ids(answer.schools.items)).toEqual(ids(byDecimal((s) => s.change).reverse()).slice(0, 20));
    // The sums of every school, not of the page: the attribution's own totals.
    expect(answer.schools.totals).toEqual({ baseAllocation: full.attribution.totals.baseAllocation, newAllocation: full.attribution.totals.newAllocation, change: full.attribution.totals.change });
    expect(answer.attribution.totals).toEqual(full.attribution.totals);
    expect(answer.attribution).not.toHaveProperty('schools');
    expect(answer.comparison).not.toHaveProperty('schools');
    expect(answer.comparison).not.toHaveProperty('lines');
    expect(answer.extremes.gaining.length).toBeGreaterThan(0);
    expect(Date.parse(answer.expiresAt)).toBeGreaterThan(Date.now());
    // The first page's cursor continues in GET /simulations/{id}/schools, in the same order.
    const second = await page(`sort=change&order=desc&limit=20&cursor=${encodeURIComponent(answer.schools.cursor)}`);
    expect(second.body.offset).toBe(20);
    expect(ids(second.body.items)).toEqual(ids(byDecimal((s) => s.change).reverse()).slice(20, 40));
    // Acknowledged means kept: the rows are in the store, not only in this process's memo.
    const stored = await api.service.store.getSimulation(simulationId, new Date().toISOString());
    expect(ids(stored.rows as Row[])).toEqual(ids(all));
    expect(stored.ownerSub).toBe(api.user('policy').user);
  });

  it('sorts money, effects and percentages exactly, both ways, ties by school code', async () => {
    for (const [sort, pick] of [
      ['baseAllocation', (s: Row) => s.baseAllocation],
      ['newAllocation', (s: Row) => s.newAllocation],
      ['standard', (s: Row) => s.effects.standard!],
      ['changePercent', (s: Row) => s.changePercent ?? '-1000'],
    ] as const) {
      const ascending = await page(`sort=${sort}&order=asc&limit=500`);
      expect(ascending.status, sort).toBe(200);
      expect(ids(ascending.body.items), sort).toEqual(ids(byDecimal(pick)));
      const descending = await page(`sort=${sort}&order=desc&limit=500`);
      expect(ids(descending.body.items), sort).toEqual(ids(byDecimal(pick)).reverse());
    }
    const byName = await page('sort=schoolName&limit=500');
    expect(byName.body.items.map((s: Row) => s.schoolName)).toEqual(all.map((s) => s.schoolName).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('filters by city and type and searches by name or code, with the sums of what matches', async () => {
    const [school] = all.slice(37, 38);
    const city = cities.get(school!.schoolId)!;
    expect(city).toBeTruthy();
    const inCity = await page(`city=${encodeURIComponent(city)}&limit=500`);
    expect(ids(inCity.body.items)).toEqual(all.filter((s) => cities.get(s.schoolId) === city).map((s) => s.schoolId));
    expect(inCity.body.items.every((s: Row) => s.city === city)).toBe(true);
    expect(inCity.body.totals.change).toBe(inCity.body.items.reduce((sum: Decimal, s: Row) => sum.plus(s.change), new Decimal(0)).toFixed(2));
    expect(inCity.body.facets.cities).toContain(city);

    const ofType = await page(`type=${school!.schoolType}&limit=500`);
    expect(ids(ofType.body.items)).toEqual(all.filter((s) => s.schoolType === school!.schoolType).map((s) => s.schoolId));

    const namePart = school!.schoolName.slice(2, 5);
    const byName = await page(`q=${encodeURIComponent(namePart)}&limit=500`);
    expect(ids(byName.body.items)).toEqual(all.filter((s) => s.schoolName.includes(namePart) || s.schoolId.includes(namePart)).map((s) => s.schoolId));
    const byCode = await page(`q=${school!.schoolId}`);
    expect(ids(byCode.body.items)).toContain(school!.schoolId);
    expect(byCode.body.total).toBe(all.filter((s) => s.schoolId.includes(school!.schoolId) || s.schoolName.includes(school!.schoolId)).length);
    const nothing = await page('q=没有这所学校');
    expect(nothing.body).toMatchObject({ total: 0, items: [] });
    expect(nothing.body).not.toHaveProperty('cursor');
  });

  it('walks every school exactly once by cursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const next = await page(`sort=change&order=desc&limit=17${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(next.status).toBe(200);
      seen.push(...ids(next.body.items));
      cursor = next.body.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 17));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(ids(byDecimal((s) => s.change).reverse()));
  });

  it('refuses an unknown sort and a cursor of another query with 400 at the parameter', async () => {
    for (const [query, path] of [['sort=lines', 'query.sort'], ['order=up', 'query.order'], ['limit=501', 'query.limit'], ['type=university', 'query.type']]) {
      const refused = await page(query!);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('invalid_request');
      expect(refused.body.error.details.map((d: { path: string }) => d.path), query).toContain(path);
    }
    const cursor = (await page('sort=change&limit=10')).body.cursor as string;
    for (const query of [`sort=newAllocation&limit=10&cursor=${encodeURIComponent(cursor)}`, `sort=change&q=1&cursor=${encodeURIComponent(cursor)}`, 'cursor=not-a-cursor']) {
      const refused = await page(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error).toMatchObject({ code: 'invalid_cursor', messageCode: 'cursor_invalid' });
      expect(refused.body.error.details).toEqual([expect.objectContaining({ path: 'query.cursor', code: 'cursor_invalid' })]);
      expect(refused.body.error.message).toMatch(/翻页/);
    }
  });

  it('is read only by whoever ran it or an administrator; anyone else is told it does not exist', async () => {
    const colleague = await page('', api.as('赵审定'));
    const missing = await wang.get('/simulations/sim-does-not-exist/schools');
    expect(colleague.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(colleague.body.error).toMatchObject({ code: 'not_found', messageCode: 'simulation_not_found' });
    expect(colleague.body.error.message).toBe(missing.body.error.message.replace('sim-does-not-exist', simulationId));
    expect((await page('', api.as('管理员'))).status).toBe(200);
    expect((await page('', api.as('张会计'))).status).toBe(403);
    const english = await wang.request('GET', '/simulations/sim-does-not-exist/schools', { headers: { 'accept-language': 'en' } });
    expect(english.body.error.message).toMatch(/^Simulation sim-does-not-exist does not exist/);
  });
});

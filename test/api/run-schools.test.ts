import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Decimal } from '../../domain/decimal';
import { SAMPLE_DATASET, SAMPLE_RULESET, startApi, sumFen, type ApiClient } from '../support/api';

/**
 * GET /runs/{id}/schools (issue 14): the run page's table sorted, filtered, searched and paged on the server, on the
 * Heilongjiang sample (150 schools), checked against the whole list GET /runs/{id} still gives.
 */
interface School {
  schoolId: string;
  schoolName: string;
  city?: string;
  schoolType: string;
  students: string;
  entitlement: string;
  allocation: string;
}

describe('a run’s schools, a page at a time', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  let zhang: ApiClient;
  let runId: string;
  let all: School[];
  let summary: { totalAllocation: string; totalEntitlement: string; counts: { schools: number; students: string } };

  beforeAll(async () => {
    api = await startApi();
    zhang = api.as('张会计');
    const created = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'cap', budget: '80000000' } });
    runId = created.body.runId;
    summary = created.body.summary;
    all = (await zhang.get(`/runs/${runId}`)).body.schools;
    expect((await api.as('李复核').post(`/runs/${runId}/approve`)).status).toBe(200);
  }, 60_000);
  afterAll(() => api.service.close());

  const page = (query: string, client = zhang) => client.get(`/runs/${runId}/schools${query ? `?${query}` : ''}`);

  it('gives the first 50 in school-code order, with the run’s totals and its cities and types', async () => {
    const first = await page('');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ total: all.length, offset: 0, limit: 50, sort: 'schoolId', order: 'asc' });
    expect(first.body.items.map((s: School) => s.schoolId)).toEqual(all.map((s) => s.schoolId).sort().slice(0, 50));
    expect(first.body.items[0]).not.toHaveProperty('lines');
    expect(first.body.totals).toEqual({ students: summary.counts.students, entitlement: new Decimal(summary.totalEntitlement).toFixed(), allocation: summary.totalAllocation });
    expect(first.body.facets.cities).toEqual([...new Set(all.map((s) => s.city).filter(Boolean))].sort());
    expect(first.body.facets.schoolTypes).toEqual([...new Set(all.map((s) => s.schoolType))].sort());
    expect(typeof first.body.cursor).toBe('string');
  });

  it('sorts money exactly, both ways, ties by school code in the same direction', async () => {
    const byAllocation = [...all].sort((a, b) => new Decimal(a.allocation).comparedTo(b.allocation) || (a.schoolId < b.schoolId ? -1 : 1)).map((s) => s.schoolId);
    const ascending = await page('sort=allocation&order=asc&limit=500');
    expect(ascending.body.items.map((s: School) => s.schoolId)).toEqual(byAllocation);
    const descending = await page('sort=allocation&order=desc&limit=500');
    expect(descending.body.items.map((s: School) => s.schoolId)).toEqual([...byAllocation].reverse());
    // Students sort as numbers, not as text ("1000" after "999").
    const byStudents = (await page('sort=students&limit=500')).body.items.map((s: School) => new Decimal(s.students));
    for (let i = 1; i < byStudents.length; i++) expect(byStudents[i - 1]!.lte(byStudents[i]!)).toBe(true);
  });

  it('walks every matching school exactly once by cursor, and an offset jumps to the same place', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const next = await page(`sort=entitlement&order=desc&limit=40${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(next.status).toBe(200);
      seen.push(...next.body.items.map((s: School) => s.schoolId));
      cursor = next.body.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(all.length / 40));
    expect(seen).toHaveLength(all.length);
    expect(new Set(seen).size).toBe(all.length);
    const jumped = await page('sort=entitlement&order=desc&limit=40&offset=80');
    expect(jumped.body.items.map((s: School) => s.schoolId)).toEqual(seen.slice(80, 120));
  });

  it('searches by part of the name or the code, and filters by city and type, with the sums of what matches', async () => {
    const someone = all[17]!;
    const byCode = await page(`q=${someone.schoolId.slice(-3)}`);
    expect(byCode.body.items.map((s: School) => s.schoolId)).toContain(someone.schoolId);
    for (const school of byCode.body.items as School[]) expect(school.schoolId.includes(someone.schoolId.slice(-3)) || school.schoolName.includes(someone.schoolId.slice(-3))).toBe(true);
    const namePart = someone.schoolName.slice(2, 5);
    const byName = await page(`q=${encodeURIComponent(namePart)}&limit=500`);
    expect(byName.body.items.map((s: School) => s.schoolId).sort()).toEqual(all.filter((s) => s.schoolName.includes(namePart) || s.schoolId.toLowerCase().includes(namePart.toLowerCase())).map((s) => s.schoolId).sort());

    const city = someone.city!;
    const inCity = all.filter((s) => s.city === city && s.schoolType === someone.schoolType);
    const filtered = await page(`city=${encodeURIComponent(city)}&type=${someone.schoolType}&limit=500`);
    expect(filtered.body.total).toBe(inCity.length);
    expect(filtered.body.items.map((s: School) => s.schoolId)).toEqual(inCity.map((s) => s.schoolId).sort());
    expect(sumFen([filtered.body.totals.allocation])).toBe(sumFen(inCity.map((s) => s.allocation)));
    expect(new Decimal(filtered.body.totals.students).eq(inCity.reduce((sum, s) => sum.plus(s.students), new Decimal(0)))).toBe(true);

    const nothing = await page('q=没有这所学校');
    expect(nothing.body).toMatchObject({ total: 0, items: [], totals: { allocation: '0', students: '0' } });
    expect(nothing.body).not.toHaveProperty('cursor');
  });

  it('refuses limits out of range, unknown sorts and types, and a cursor of another query', async () => {
    for (const query of ['limit=0', 'limit=501', 'limit=x', 'sort=lines', 'order=up', 'type=university', 'offset=-1']) {
      const refused = await page(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('invalid_request');
    }
    const cursor = (await page('sort=allocation&limit=10')).body.cursor as string;
    for (const query of [`sort=students&limit=10&cursor=${encodeURIComponent(cursor)}`, `sort=allocation&q=1&limit=10&cursor=${encodeURIComponent(cursor)}`, 'cursor=not-a-cursor']) {
      const refused = await page(query);
      expect(refused.status, query).toBe(400);
      expect(refused.body.error.code).toBe('invalid_cursor');
    }
    // The same query with another page size continues from the same place.
    expect((await page(`sort=allocation&limit=20&cursor=${encodeURIComponent(cursor)}`)).body.offset).toBe(10);
  });

  it('shows a school user its own school only, and nothing of a run it may not see', async () => {
    const school = api.user('school');
    const own = api.as(school.user);
    const mine = await page('limit=500', own);
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((s: School) => s.schoolId)).toEqual([school.schoolId]);
    expect(mine.body.total).toBe(1);
    expect(mine.body.totals.allocation).toBe(all.find((s) => s.schoolId === school.schoolId)!.allocation);
    expect(mine.body.facets.schoolTypes).toHaveLength(1);
    const other = all.find((s) => s.schoolId !== school.schoolId)!;
    expect((await page(`q=${other.schoolId}`, own)).body.total).toBe(0);

    const review = await zhang.post('/runs', { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' }, clientKey: 'under-review' });
    const hidden = await own.get(`/runs/${review.body.runId}/schools`);
    const missing = await own.get('/runs/run-does-not-exist/schools');
    expect(hidden.status).toBe(404);
    expect(hidden.body.error.code).toBe(missing.body.error.code);
  });

  it('leaves the school list out of GET /runs/{id} when asked to', async () => {
    const lean = await zhang.get(`/runs/${runId}?schools=none`);
    expect(lean.status).toBe(200);
    expect(lean.body).not.toHaveProperty('schools');
    expect(lean.body.summary.totalAllocation).toBe(summary.totalAllocation);
    expect(lean.bytes.length).toBeLessThan((await zhang.get(`/runs/${runId}`)).bytes.length / 5);
  });
});

import type { z } from 'zod';
import type { runSchoolsQuery } from '../../contract/runs';
import { Decimal } from '../../domain/decimal';
import { compareCodePoints } from '../../domain/fixed';
import type { Caller } from '../http/types';
import type { RunHeader, SchoolSummary, Store } from '../store/types';
import { runSchoolSummaries } from './school-summaries';
import { pageOfRows, SortedRows, type SortColumns } from './table-page';

type Query = z.output<typeof runSchoolsQuery>;

const COLUMNS: SortColumns<SchoolSummary> = {
  schoolId: { text: (s) => s.schoolId },
  schoolName: { text: (s) => s.schoolName },
  city: { text: (s) => s.city ?? '' },
  schoolType: { text: (s) => s.schoolType },
  students: { decimal: (s) => s.students },
  entitlement: { decimal: (s) => s.entitlement },
  allocation: { decimal: (s) => s.allocation },
  // Not held, held at the cap, held at the floor: the order the run page's 保底/封顶 column has always sorted in.
  bound: { decimal: (s) => (s.protection?.bound === 'floor' ? '2' : s.protection?.bound === 'cap' ? '1' : '0') },
};

interface RunSchoolTable {
  sorted: SortedRows<SchoolSummary>;
  facets: { cities: string[]; schoolTypes: string[] };
}

/** Kept with the summaries they were made from (school-summaries.ts keeps those per warm container). */
const tables = new WeakMap<SchoolSummary[], RunSchoolTable>();

function tableOf(summaries: SchoolSummary[]): RunSchoolTable {
  let table = tables.get(summaries);
  if (!table) tables.set(summaries, (table = { sorted: new SortedRows(summaries, COLUMNS, (s) => s.schoolId), facets: facetsOf(summaries) }));
  return table;
}

function facetsOf(schools: readonly SchoolSummary[]) {
  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))].sort(compareCodePoints);
  return { cities: distinct(schools.map((s) => s.city)), schoolTypes: distinct(schools.map((s) => s.schoolType)) };
}

/** An exact sum with as many decimals as the most precise figure summed (allocations keep their fen: "3.30"). */
function sumOf(schools: readonly SchoolSummary[], pick: (school: SchoolSummary) => string): string {
  let places = 0;
  const total = schools.reduce((sum, school) => {
    const figure = pick(school);
    places = Math.max(places, figure.includes('.') ? figure.length - figure.indexOf('.') - 1 : 0);
    return sum.plus(figure);
  }, new Decimal(0));
  return total.toFixed(places);
}

/** Part of the code or the name, case-insensitive: what a person types to find a school. */
function matches(query: Query): ((school: SchoolSummary) => boolean) | undefined {
  const needle = query.q?.toLowerCase();
  if (!needle && query.city === undefined && query.type === undefined && query.bound === undefined) return undefined;
  return (school) =>
    (query.city === undefined || school.city === query.city) &&
    (query.bound === undefined || school.protection?.bound === query.bound) &&
    (query.type === undefined || school.schoolType === query.type) &&
    (!needle || school.schoolId.toLowerCase().includes(needle) || school.schoolName.toLowerCase().includes(needle));
}

/**
 * One page of a complete run's schools (GET /runs/{id}/schools): sorted exactly, filtered and searched on the server,
 * with the sums of every matching school. A school user's table holds its own school only. The rows are read
 * through the Store (`listRunSchools`, once per warm container), so the page does not depend on how they are stored.
 */
export async function runSchoolsPage(store: Store, header: RunHeader, caller: Caller, query: Query) {
  const summaries = await runSchoolSummaries(store, header);
  const table = tableOf(summaries);
  const own = caller.role === 'school' ? (school: SchoolSummary) => school.schoolId === caller.schoolId : undefined;
  const wanted = matches(query);
  const keep = own && wanted ? (school: SchoolSummary) => own(school) && wanted(school) : (own ?? wanted);
  const { matching, start, items, cursor } = pageOfRows(table.sorted, query, keep);
  const facets = own ? facetsOf(summaries.filter(own)) : table.facets;
  return {
    items,
    total: matching.length,
    offset: start,
    limit: query.limit,
    sort: query.sort,
    order: query.order,
    ...(cursor ? { cursor } : {}),
    totals: { students: sumOf(matching, (s) => s.students), entitlement: sumOf(matching, (s) => s.entitlement), allocation: sumOf(matching, (s) => s.allocation) },
    facets,
  };
}

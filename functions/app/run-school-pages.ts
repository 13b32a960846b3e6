import type { z } from 'zod';
import type { runSchoolsQuery } from '../../contract/runs';
import type { Caller } from '../http/types';
import type { RunHeader, SchoolSummary, Store } from '../store/types';
import { runSchoolSummaries } from './school-summaries';
import { bothOf, exactSum, pageOfRows, schoolFacets, schoolMatcher, schoolTableAnswer, SortedRows, type SortColumns } from './table-page';

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
  facets: ReturnType<typeof schoolFacets>;
}

/** Kept with the summaries they were made from (school-summaries.ts keeps those per warm container). */
const tables = new WeakMap<SchoolSummary[], RunSchoolTable>();

function tableOf(summaries: SchoolSummary[]): RunSchoolTable {
  let table = tables.get(summaries);
  if (!table) tables.set(summaries, (table = { sorted: new SortedRows(summaries, COLUMNS, (s) => s.schoolId), facets: schoolFacets(summaries) }));
  return table;
}

/** The search and filters, and the protection bound the run page filters on too. */
function matches(query: Query): ((school: SchoolSummary) => boolean) | undefined {
  const bound = query.bound === undefined ? undefined : (school: SchoolSummary) => school.protection?.bound === query.bound;
  return bothOf(schoolMatcher<SchoolSummary>(query), bound);
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
  const page = pageOfRows(table.sorted, query, bothOf(own, matches(query)));
  const facets = own ? schoolFacets(summaries.filter(own)) : table.facets;
  return {
    ...schoolTableAnswer(page, query, facets),
    totals: { students: exactSum(page.matching, (s) => s.students), entitlement: exactSum(page.matching, (s) => s.entitlement), allocation: exactSum(page.matching, (s) => s.allocation) },
  };
}

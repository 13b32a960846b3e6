import type { z } from 'zod';
import type { simulationBody, simulationSchoolsQuery, SimulationSchoolRow } from '../../contract/simulations';
import { EFFECTS } from '../../domain/attribution-types';
import { Decimal } from '../../domain/decimal';
import { compareCodePoints } from '../../domain/fixed';
import type { SchoolComparison } from '../../domain/compare';
import { coded } from '../../domain/problems';
import type { Caller } from '../http/types';
import { NotFoundError } from '../store/errors';
import type { StoredSimulation } from '../store/types';
import { schoolRow } from './attribution-views';
import type { AppContext } from './context';
import { PromiseMemo } from './memo';
import type { CandidateOutcome } from './simulation';
import { exactSum, pageOfRows, schoolFacets, schoolMatcher, schoolTableAnswer, SortedRows, type SortColumns } from './table-page';

/**
 * A simulation kept for paging (issue 14): computing one again costs about a second at national scale, so POST
 * /simulations with `firstPage` stores its school rows (store/simulations.ts) and GET /simulations/{id}/schools pages
 * them with the run page's own table code. Only whoever ran it, or an administrator, may read it; anyone else is
 * told it does not exist, as after it expires.
 */

type Query = z.output<typeof simulationSchoolsQuery>;
type FirstPage = NonNullable<z.output<typeof simulationBody>['firstPage']>;

/** How long a simulation stays readable: a working day of paging through it, not a record (runs are the record). */
export const SIMULATION_HOURS = 12;

/** Below every percentage (a change is never below −100 %): a school without a base allocation sorts first ascending. */
const NO_PERCENT = '-Infinity';

const COLUMNS: SortColumns<SimulationSchoolRow> = {
  schoolId: { text: (s) => s.schoolId },
  schoolName: { text: (s) => s.schoolName },
  city: { text: (s) => s.city ?? '' },
  schoolType: { text: (s) => s.schoolType },
  baseAllocation: { decimal: (s) => s.baseAllocation },
  newAllocation: { decimal: (s) => s.newAllocation },
  change: { decimal: (s) => s.change },
  changePercent: { decimal: (s) => s.changePercent ?? NO_PERCENT },
  ...Object.fromEntries(EFFECTS.map((effect) => [effect, { decimal: (s: SimulationSchoolRow) => s.effects[effect] }])),
};

interface SimulationTable {
  stored: StoredSimulation & { rows: SimulationSchoolRow[] };
  sorted: SortedRows<SimulationSchoolRow>;
  facets: ReturnType<typeof schoolFacets>;
}

/** A memo in front of the store: pages of a simulation just run (or just read) are served without reading it again. */
const tables = new PromiseMemo<SimulationTable>(8);

function tableOf(stored: StoredSimulation): SimulationTable {
  const rows = stored.rows as SimulationSchoolRow[];
  return { stored: { ...stored, rows }, sorted: new SortedRows(rows, COLUMNS, (s) => s.schoolId), facets: schoolFacets(rows) };
}

/** The school rows of a simulation: its attribution's schools without lines, with the city the enrolment gives. */
export function simulationRows(outcome: CandidateOutcome): SimulationSchoolRow[] {
  return outcome.attribution.schools.map((school) => {
    const city = outcome.cities.get(school.schoolId);
    return { ...schoolRow(school), ...(city ? { city } : {}) };
  });
}

/**
 * Stores the simulation and answers with where it is and its first page. It is written before the answer goes out
 * (acknowledged means kept): any container can then serve its pages.
 */
export async function keepSimulation(ctx: AppContext, caller: Caller, outcome: CandidateOutcome, overview: unknown, first: FirstPage) {
  const createdAt = ctx.now();
  const stored: StoredSimulation = {
    simulationId: ctx.newId('sim'),
    ownerSub: caller.subject,
    createdBy: caller.name,
    createdAt,
    expiresAt: new Date(Date.parse(createdAt) + SIMULATION_HOURS * 3600_000).toISOString(),
    overview,
    rows: simulationRows(outcome),
  };
  await ctx.store.putSimulation(stored);
  const table = tableOf(stored);
  void tables.get(stored.simulationId, () => Promise.resolve(table));
  return { simulationId: stored.simulationId, expiresAt: stored.expiresAt, schools: pageOf(table, first) };
}

/** One page of a stored simulation's schools (GET /simulations/{id}/schools), for its owner or an administrator. */
export async function simulationSchoolsPage(ctx: AppContext, caller: Caller, simulationId: string, query: Query) {
  const table = await tables.get(simulationId, async () => tableOf(await ctx.store.getSimulation(simulationId, ctx.now()).catch(notFoundAs(missing(simulationId)))));
  const { stored } = table;
  if (stored.expiresAt <= ctx.now() || (stored.ownerSub !== caller.subject && caller.role !== 'admin')) throw missing(simulationId);
  return pageOf(table, query);
}

function pageOf(table: SimulationTable, query: Pick<Query, 'sort' | 'order' | 'limit' | 'q' | 'city' | 'type' | 'cursor' | 'offset'>) {
  const page = pageOfRows(table.sorted, query, schoolMatcher<SimulationSchoolRow>(query));
  return {
    simulationId: table.stored.simulationId,
    expiresAt: table.stored.expiresAt,
    ...schoolTableAnswer(page, query, table.facets),
    totals: { baseAllocation: exactSum(page.matching, (s) => s.baseAllocation), newAllocation: exactSum(page.matching, (s) => s.newAllocation), change: exactSum(page.matching, (s) => s.change) },
  };
}

const notFoundAs = (error: Error) => (failure: unknown): never => {
  throw failure instanceof NotFoundError ? error : failure;
};
const missing = (simulationId: string) => new NotFoundError(coded('simulation_not_found', { simulationId, hours: SIMULATION_HOURS }));

/** The schools gaining and losing most (up to `count` each), largest first: what the chart of a paged answer shows. */
export function extremesOf(schools: readonly SchoolComparison[], count = 15) {
  const keyed = schools.map((school) => ({ school, delta: new Decimal(school.delta) })).filter((s) => !s.delta.isZero());
  keyed.sort((a, b) => b.delta.comparedTo(a.delta) || compareCodePoints(a.school.schoolId, b.school.schoolId));
  const gaining = keyed.filter((s) => s.delta.isPositive()).slice(0, count);
  const losing = keyed.filter((s) => s.delta.isNegative()).slice(-count).reverse();
  return { gaining: gaining.map((s) => s.school), losing: losing.map((s) => s.school) };
}

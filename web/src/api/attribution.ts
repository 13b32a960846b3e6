/**
 * Why an allocation changed (SPEC §9, issue 12): the attribution calls of the route table and their shapes. The
 * API renders line reasons in the console's language (sent as Accept-Language by ./client.ts).
 */
import type { Attribution, Effect, Effects } from '../../../domain/attribution-types';
import type { Comparison } from '../../../domain/compare';
import type { Envelope } from '../../../domain/allocate';
import type { Coded } from '../../../domain/problems';
import type { AttributionSchoolDetail, AttributionSchoolRow, SchoolPage, SchoolSortKey } from '../../../functions/app/attribution-views';
import type { RunState } from './endpoints';
import type * as z from 'zod';
import type { CandidateRef, CandidatesBody, SimulationBody, SimulationSchoolRow, SimulationSchoolSortKey, SimulationSchoolsPage, simulationSchoolsQuery } from '../../../contract/simulations';
import type { SchoolComparison } from '../../../domain/compare';
import { download, getJson, queryString, sendJson } from './client';

export type { AttributionSchoolDetail, AttributionSchoolRow, SchoolPage, SchoolSortKey, Effect, Effects };

const enc = encodeURIComponent;

/** A run an attribution compares, as the API names it. */
export interface AttributedRunRef {
  runId: string;
  ruleSetId: string;
  version: number;
  fiscalYear: number;
  datasetId: string;
  envelope: Envelope;
  lifecycle: RunState;
  current: boolean;
  createdAt: string;
  approvedAt?: string;
  totalAllocation?: string;
}

type Rendered = Coded & { message: string };
export type AttributionOverview = Omit<Attribution, 'schools' | 'warnings' | 'summary'> & {
  summary: Omit<Attribution['summary'], 'base' | 'new'> & {
    base: Attribution['summary']['base'] & { warnings: Rendered[] };
    new: Attribution['summary']['new'] & { warnings: Rendered[] };
  };
  warnings: Rendered[];
};

interface RunsCompared {
  run: AttributedRunRef;
  /** `default`: it is the run's previous approved run (what is compared when nothing is named). */
  against: AttributedRunRef & { default: boolean };
}
export type RunAttribution = RunsCompared & AttributionOverview & { schools: SchoolPage };
export type SchoolAttribution = RunsCompared & { school: AttributionSchoolDetail };

export interface SchoolPageRequest {
  q?: string;
  sort?: SchoolSortKey;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

const query = queryString;

/** Finance/admin: totals, group views and one page of the school table against `against` (default: the previous approved run). */
export const getRunAttribution = (runId: string, against: string | undefined, page: SchoolPageRequest) =>
  getJson<RunAttribution>(`/runs/${enc(runId)}/attribution${query({ against, ...page })}`);

/** One school's change with its lines in words; a school user gets only its own, against its previous approved run. */
export const getSchoolAttribution = (runId: string, schoolId: string, against?: string) =>
  getJson<SchoolAttribution>(`/runs/${enc(runId)}/attribution${query({ school: schoolId, against })}`);

/** The workbook; `lines: false` leaves out the sheet of moved lines (the API refuses it past what 6 MB holds). */
export const exportAttribution = (runId: string, against: string | undefined, lang: 'zh' | 'en', lines = true) =>
  download(`/runs/${enc(runId)}/attribution/export${query({ against, lang, ...(lines ? {} : { lines: 'false' }) })}`, `attribution-${runId}.xlsx`);

/** A draft (or an inline rule set) against a published version on a sealed dataset; nothing is stored. */
export type { CandidateRef };
export interface SimulationRequest {
  ruleSetId: string;
  baseVersion: number;
  candidate: CandidateRef;
  datasetId: string;
  envelope: Envelope;
  excludeInvalid?: boolean;
}
export type { SimulationSchoolRow, SimulationSchoolSortKey, SimulationSchoolsPage };
/** `GET /simulations/{id}/schools`'s query as the console sends it (the server fills the defaults). */
export type SimulationSchoolsQuery = Partial<Omit<z.output<typeof simulationSchoolsQuery>, 'cursor'>>;

/**
 * A simulation the server keeps for paging (issue 14): its totals and group views, the first page of its schools
 * (the next come from listSimulationSchools), and the schools gaining and losing most for the chart. Neither its
 * moved lines nor its whole school list come with it: a national simulation's would not fit, nor be quick.
 */
export interface Simulation {
  simulationId: string;
  expiresAt: string;
  comparison: Omit<Comparison, 'lines' | 'schools'>;
  attribution: AttributionOverview;
  schools: SimulationSchoolsPage;
  extremes: { gaining: SchoolComparison[]; losing: SchoolComparison[] };
}
/** The first page the simulation page shows: the largest gains first, as its table always opened. */
export const FIRST_SIMULATION_PAGE = { sort: 'change', order: 'desc', limit: 20 } as const satisfies SimulationSchoolsQuery;

const simulationBody = (request: Omit<SimulationRequest, 'candidate'>) => ({
  base: { ruleSetId: request.ruleSetId, version: request.baseVersion },
  datasetId: request.datasetId,
  envelope: request.envelope,
  excludeInvalid: request.excludeInvalid ?? false,
});

/** The comparison (§5) and the attribution (§9) of the candidate against its base, kept on the server for paging. */
export const simulateAttributed = (request: SimulationRequest) =>
  sendJson<Simulation>('POST', '/simulations', { ...simulationBody(request), candidate: request.candidate, comparisonLines: false, firstPage: FIRST_SIMULATION_PAGE } satisfies SimulationBody);

/** One page of a kept simulation's schools, sorted, filtered and searched by the server, with the sums of every match. */
export const listSimulationSchools = (simulationId: string, query: SimulationSchoolsQuery) => getJson<SimulationSchoolsPage>(`/simulations/${enc(simulationId)}/schools${queryString(query)}`);

/** The same simulation's lines of one school, in words (the server keeps the simulation it just computed). */
export const simulatedSchool = async (request: SimulationRequest, schoolId: string) =>
  (await sendJson<{ school: AttributionSchoolDetail }>('POST', '/simulations', { ...simulationBody(request), candidate: request.candidate, school: schoolId } satisfies SimulationBody)).school;

export interface CandidateTotals {
  label: string;
  draftId?: string;
  ruleSet: Attribution['summary']['new']['ruleSet'];
  totals: Attribution['totals'];
  schoolsGaining: number;
  schoolsLosing: number;
  schoolsUnchanged: number;
}
export interface SideBySide {
  base: { ruleSetId: string; version: number; name: string; totalAllocation: string };
  candidates: CandidateTotals[];
  schools: {
    schoolId: string;
    schoolName: string;
    schoolType: string;
    baseAllocation: string;
    candidates: { newAllocation: string; change: string; changePercent: string | null }[];
  }[];
}

/** Up to four candidates against one base, side by side. */
export const simulateCandidates = (request: Omit<SimulationRequest, 'candidate'>, candidates: (CandidateRef & { label?: string })[]) =>
  sendJson<SideBySide>('POST', '/simulations/candidates', { ...simulationBody(request), candidates } satisfies CandidatesBody);

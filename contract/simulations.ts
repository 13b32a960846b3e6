import * as z from 'zod';
import { EFFECTS, type AttributionSchool } from '../domain/attribution-types';
import type { Comparison, SchoolComparison } from '../domain/compare';
import { envelopeSchema, idText, schoolTablePage, schoolTableQuery, versionRef } from './common';

/** What-if (SPEC §5): a draft or an inline rule set against a published version on a sealed dataset. */

const candidateRef = z.union([z.strictObject({ draftId: idText, ruleSetId: idText.optional() }), z.strictObject({ ruleSet: z.unknown() })]);
export type CandidateRef = z.output<typeof candidateRef>;

const onDataset = {
  base: z.strictObject({ ruleSetId: idText, version: versionRef }),
  datasetId: idText,
  envelope: envelopeSchema.default({ policy: 'none' }),
  excludeInvalid: z.boolean().default(false),
};

export const SIMULATION_SCHOOL_SORT_KEYS = ['schoolId', 'schoolName', 'city', 'schoolType', 'baseAllocation', 'newAllocation', 'change', 'changePercent', ...EFFECTS] as const;
export type SimulationSchoolSortKey = (typeof SIMULATION_SCHOOL_SORT_KEYS)[number];

/** `GET /simulations/{id}/schools`: a stored simulation's schools sorted, filtered and searched on the server. */
export const simulationSchoolsQuery = schoolTableQuery(
  SIMULATION_SCHOOL_SORT_KEYS,
  'schoolId',
  'Money sorts by value, exactly; an effect sorts by that effect; `changePercent` puts schools with no base allocation (no percentage) first; ties by schoolId in the same order.',
);
export type SimulationSchoolsQuery = z.input<typeof simulationSchoolsQuery>;

/** The first page a stored simulation answers with (`POST /simulations` with `firstPage`). */
const firstPage = z
  .strictObject(simulationSchoolsQuery.pick({ sort: true, order: true, limit: true, q: true, city: true, type: true }).shape)
  .meta({ description: 'Keep the results (for a few hours, readable by you) and answer with this first page of the school table instead of every school; the next pages come from GET /simulations/{simulationId}/schools.' });

export const simulationBody = z.strictObject({
  ...onDataset,
  candidate: candidateRef,
  /** Only this school's moved lines with their effects in words (the console's expanded row), nothing else. */
  school: idText.optional(),
  /**
   * The comparison's moved lines (SPEC §5), every one of them: a national simulation's are tens of MB, over what
   * the API may return. The console does without (the attribution's school rows open their lines one school at a time).
   */
  comparisonLines: z.boolean().default(true),
  lang: z.enum(['zh', 'en']).optional(),
  firstPage: firstPage.optional(),
});
export type SimulationBody = z.input<typeof simulationBody>;

/** Up to four candidates against one base, side by side. */
export const MAX_CANDIDATES = 4;
export const candidatesBody = z.strictObject({
  ...onDataset,
  candidates: z
    .array(z.intersection(candidateRef, z.object({ label: z.string().trim().min(1).max(100).optional() })))
    .min(1)
    .max(MAX_CANDIDATES),
});
export type CandidatesBody = z.input<typeof candidatesBody>;

export const simulationSchema = z.looseObject({
  base: z.looseObject({ ruleSetId: z.string(), version: z.number().int() }),
  datasetId: z.string(),
  comparison: z.custom<Comparison>().meta({ type: 'object', description: 'SPEC §5: totals of both sides, every school’s change, groups by category, class type and city, moved lines with reasons (left out when comparisonLines is false).' }),
  attribution: z.custom<unknown>().meta({ type: 'object', description: 'SPEC §9: the seven effects in total and per school (no lines); with `school`, that school alone with its lines in words.' }).optional(),
});
export type Simulation = z.output<typeof simulationSchema>;

/** A school of a stored simulation: its attribution without lines (SPEC §9), its city, and how many lines moved. */
export type SimulationSchoolRow = Omit<AttributionSchool, 'lines'> & { city?: string; lineCount: number };
const simulationSchoolRow = z.custom<SimulationSchoolRow>().meta({
  type: 'object',
  description: 'A school of the simulation without its lines: schoolId, schoolName, schoolType, ownership, city?, base/new entitlement and allocation, change, changePercent (null without a base allocation), the seven effects, lineCount.',
});

export const simulationSchoolsPageSchema = schoolTablePage(simulationSchoolRow, SIMULATION_SCHOOL_SORT_KEYS).extend({
  simulationId: z.string(),
  expiresAt: z.string().meta({ description: 'After this time the simulation is gone (404): run it again.' }),
  totals: z.looseObject({ baseAllocation: z.string(), newAllocation: z.string(), change: z.string() }).meta({ description: 'Sums over every matching school (not only this page), exact decimal strings.' }),
});
export type SimulationSchoolsPage = z.output<typeof simulationSchoolsPageSchema>;

/** With `firstPage`: kept for paging, and the school lists replaced by the first page of the school table. */
export const pagedSimulationSchema = simulationSchema.extend({
  simulationId: z.string().optional().meta({ description: 'With `firstPage`: the stored simulation, for GET /simulations/{simulationId}/schools.' }),
  expiresAt: z.string().optional(),
  schools: simulationSchoolsPageSchema.optional().meta({ description: 'With `firstPage`: its first page (then `comparison.schools` and `attribution.schools` are left out).' }),
  extremes: z
    .looseObject({ gaining: z.array(z.custom<SchoolComparison>()), losing: z.array(z.custom<SchoolComparison>()) })
    .optional()
    .meta({ description: 'With `firstPage`: the schools gaining and losing most (up to 15 each), for the chart.' }),
});
export type PagedSimulation = z.output<typeof pagedSimulationSchema>;

/** With `school`: that school alone, its moved lines with their effects in words (the console's expanded row). */
export const simulationSchoolSchema = z.looseObject({
  base: z.looseObject({ ruleSetId: z.string(), version: z.number().int() }),
  datasetId: z.string(),
  school: z.looseObject({ schoolId: z.string(), lines: z.array(z.looseObject({})) }),
});
/** What POST /simulations answers: the simulation (kept and paged with `firstPage`), or with `school` that school alone. */
export const simulationAnswer = z.union([pagedSimulationSchema, simulationSchoolSchema]);

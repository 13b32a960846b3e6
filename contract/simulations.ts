import * as z from 'zod';
import type { Comparison } from '../domain/compare';
import { envelopeSchema, idText, versionRef } from './common';

/** What-if (SPEC §5): a draft or an inline rule set against a published version on a sealed dataset. */

const candidateRef = z.union([z.strictObject({ draftId: idText, ruleSetId: idText.optional() }), z.strictObject({ ruleSet: z.unknown() })]);
export type CandidateRef = z.output<typeof candidateRef>;

const onDataset = {
  base: z.strictObject({ ruleSetId: idText, version: versionRef }),
  datasetId: idText,
  envelope: envelopeSchema.default({ policy: 'none' }),
  excludeInvalid: z.boolean().default(false),
};

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

/** With `school`: that school alone, its moved lines with their effects in words (the console's expanded row). */
export const simulationSchoolSchema = z.looseObject({
  base: z.looseObject({ ruleSetId: z.string(), version: z.number().int() }),
  datasetId: z.string(),
  school: z.looseObject({ schoolId: z.string(), lines: z.array(z.looseObject({})) }),
});
export const simulationAnswer = z.union([simulationSchema, simulationSchoolSchema]);

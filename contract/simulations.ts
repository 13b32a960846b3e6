import * as z from 'zod';
import type { Comparison } from '../domain/compare';
import { envelopeSchema, idText, versionRef } from './common';

/** What-if (SPEC §5): a draft or an inline rule set against a published version on a sealed dataset. */

export const simulationBody = z.strictObject({
  base: z.strictObject({ ruleSetId: idText, version: versionRef }),
  candidate: z.union([z.strictObject({ draftId: idText, ruleSetId: idText.optional() }), z.strictObject({ ruleSet: z.unknown() })]),
  datasetId: idText,
  envelope: envelopeSchema.default({ policy: 'none' }),
  excludeInvalid: z.boolean().default(false),
});
export type SimulationBody = z.input<typeof simulationBody>;
export type CandidateRef = z.output<typeof simulationBody>['candidate'];

export const simulationSchema = z.looseObject({
  base: z.looseObject({ ruleSetId: z.string(), version: z.number().int() }),
  datasetId: z.string(),
  comparison: z.custom<Comparison>().meta({ type: 'object', description: 'SPEC §5: totals of both sides, every school’s change, groups by category, class type and city, moved lines with reasons.' }),
});
export type Simulation = z.output<typeof simulationSchema>;

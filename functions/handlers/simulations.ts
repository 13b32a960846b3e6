import { coded } from '../../domain/problems';
import * as z from 'zod';
import { compare } from '../../domain/compare';
import { validateRuleSet, type RuleSet } from '../../domain/ruleset';
import type { AppContext } from '../app/context';
import { envelopeOf, loadDatasetFor, loadVersion } from '../app/loaders';
import { prefixed, rowDetails } from '../app/problems';
import { envelopeSchema, idText, versionRef } from '../app/schemas';
import { unprocessable } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import { deliverable } from '../http/response-limit';

const simulationBody = z.strictObject({
  base: z.strictObject({ ruleSetId: idText, version: versionRef }),
  candidate: z.union([
    z.strictObject({ draftId: idText, ruleSetId: idText.optional() }),
    z.strictObject({ ruleSet: z.unknown() }),
  ]),
  datasetId: idText,
  envelope: envelopeSchema.default({ policy: 'none' }),
  excludeInvalid: z.boolean().default(false),
});
type CandidateRef = z.output<typeof simulationBody>['candidate'];

export const simulationActions: Actions = {
  /** What-if (SPEC §5): a draft or an inline rule set against a published version, on a sealed dataset. Stores nothing. */
  'POST /simulations': action({
    body: simulationBody,
    run: async ({ ctx, body }) => {
      const [base, candidate, dataset] = await Promise.all([
        loadVersion(ctx, body.base.ruleSetId, body.base.version),
        candidateRules(ctx, body.candidate, body.base.ruleSetId),
        loadDatasetFor(ctx, body.datasetId, body.excludeInvalid),
      ]);
      const outcome = compare({
        baseRules: base.ruleSet,
        candidateRules: candidate,
        baseVersion: base.version,
        lines: dataset.lines,
        readerProblems: dataset.problems,
        envelope: envelopeOf(body.envelope),
        excludeInvalid: body.excludeInvalid,
        ...(dataset.header.contentHash ? { enrollmentHash: dataset.header.contentHash } : {}),
      });
      if (!outcome.ok) {
        const details = [...prefixed(`${outcome.side}`, outcome.problems), ...rowDetails(outcome.rowProblems)];
        throw unprocessable('simulation_refused', coded('simulation_refused', { side: outcome.side }), details, outcome.problems.length + outcome.rowProblems.length);
      }
      return deliverable(
        json({ base: { ruleSetId: base.ruleSetId, version: base.version }, datasetId: body.datasetId, comparison: outcome.comparison }),
        'response_too_large_comparison',
      );
    },
  }),
};

async function candidateRules(ctx: AppContext, ref: CandidateRef, baseRuleSetId: string): Promise<RuleSet> {
  const [content, path] = 'draftId' in ref ? [(await ctx.store.getDraft(ref.ruleSetId ?? baseRuleSetId, ref.draftId)).content, 'candidate.draft'] : [ref.ruleSet, 'body.candidate.ruleSet'];
  // Worked examples are checked when publishing; a simulation is how one finds out what a change does first.
  const outcome = validateRuleSet(content, { examples: false });
  if (!outcome.ok) throw unprocessable('invalid_rule_set', coded('candidate_invalid'), prefixed(path, outcome.problems));
  return outcome.ruleSet;
}

export const createSimulationsHandler = (options?: GroupOptions) => groupHandler('simulations', simulationActions, options);
export const handler = createSimulationsHandler();

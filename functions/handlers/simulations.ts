import { coded } from '../../domain/problems';
import { validateRuleSet, type RuleSet } from '../../domain/ruleset';
import { langOf } from '../../messages/index';
import { attributionOverview, findSchool, schoolDetail, schoolRow } from '../app/attribution-views';
import type { AppContext } from '../app/context';
import { loadVersion } from '../app/loaders';
import { prefixed } from '../app/problems';
import { candidatesBody, simulationBody, simulationSchoolsQuery, type CandidateRef } from '../../contract/simulations';
import { simulateCandidate, type SimulationInput } from '../app/simulation';
import { extremesOf, keepSimulation, simulationSchoolsPage } from '../app/simulation-pages';
import { notFound, unprocessable } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import { deliverable } from '../http/response-limit';
import { attributionActions } from './attribution';
import { planningActions } from './planning-actions';

export const simulationActions: Actions = {
  ...planningActions,
  ...attributionActions,

  /**
   * What-if (SPEC §5) and why (§9): a draft or an inline rule set against a published version, on a sealed dataset,
   * on the same enrolment and envelope. The comparison, and the attribution with its school table (no lines: a
   * national one would not fit); with `school`, that school's lines in words. Stores nothing, unless `firstPage` asks
   * to keep the school rows for paging: then the answer has the first page instead of every school (issue 14).
   */
  'POST /simulations': action({
    body: simulationBody,
    run: async ({ ctx, body, headers, caller }) => {
      const lang = body.lang ?? langOf(headers['accept-language']);
      const [base, candidate] = await Promise.all([loadVersion(ctx, body.base.ruleSetId, body.base.version), candidateRules(ctx, body.candidate, body.base.ruleSetId, 'candidate')]);
      const input: SimulationInput = { base, datasetId: body.datasetId, envelope: body.envelope, excludeInvalid: body.excludeInvalid };
      const outcome = await simulateCandidate(ctx, input, candidate);
      const { comparison, attribution, baseRules } = outcome;
      const ref = { base: { ruleSetId: base.ruleSetId, version: base.version }, datasetId: body.datasetId };
      if (body.school !== undefined) {
        // One school's lines of a simulation already shown: that school alone, not the whole simulation again.
        const school = findSchool(attribution.schools, body.school);
        if (!school) throw notFound(coded('attribution_school_not_in_dataset', { datasetId: body.datasetId, schoolId: body.school }));
        return json({ ...ref, school: schoolDetail(school, baseRules, candidate, lang) });
      }
      const { lines, ...withoutLines } = comparison;
      if (body.firstPage) {
        const { schools, ...withoutSchools } = withoutLines;
        const overview = attributionOverview(attribution, lang);
        const kept = await keepSimulation(ctx, caller, outcome, { ...ref, envelope: body.envelope, excludeInvalid: body.excludeInvalid, totals: attribution.totals }, body.firstPage);
        return json({ ...ref, ...kept, comparison: withoutSchools, attribution: overview, extremes: extremesOf(schools) });
      }
      return deliverable(
        json({
          ...ref,
          comparison: body.comparisonLines ? comparison : withoutLines,
          attribution: { ...attributionOverview(attribution, lang), schools: attribution.schools.map(schoolRow) },
        }),
        'response_too_large_comparison',
      );
    },
  }),

  /** A stored simulation's schools, a page at a time, for whoever ran it (or an administrator); 404 for anyone else. */
  'GET /simulations/{id}/schools': action({
    query: simulationSchoolsQuery,
    run: async ({ ctx, caller, params, query }) => json(await simulationSchoolsPage(ctx, caller, params.id!, query)),
  }),

  /**
   * Up to four candidates (drafts or inline rule sets, e.g. solved ones) against one base on the same dataset and
   * envelope: each one's totals with the seven effects and its gainers and losers, and every school with one column
   * per candidate. The base run is computed once.
   */
  'POST /simulations/candidates': action({
    body: candidatesBody,
    run: async ({ ctx, body }) => {
      const base = await loadVersion(ctx, body.base.ruleSetId, body.base.version);
      const rules = await Promise.all(body.candidates.map((ref, i) => candidateRules(ctx, ref, body.base.ruleSetId, `candidates[${i}]`)));
      const input: SimulationInput = { base, datasetId: body.datasetId, envelope: body.envelope, excludeInvalid: body.excludeInvalid };
      const outcomes = [];
      // One after another: each candidate's lines are let go before the next is computed.
      for (const [i, candidate] of rules.entries()) outcomes.push((await simulateCandidate(ctx, input, candidate, `candidates[${i}]`)).attribution);
      const first = outcomes[0]!;
      const byCandidate = outcomes.map((a) => new Map(a.schools.map((s) => [s.schoolId, s])));
      return deliverable(
        json({
          base: { ruleSetId: base.ruleSetId, version: base.version, name: base.ruleSet.name, totalAllocation: first.totals.baseAllocation },
          datasetId: body.datasetId,
          envelope: body.envelope,
          candidates: outcomes.map((a, i) => {
            const ref = body.candidates[i]!;
            return {
              label: ref.label ?? ('draftId' in ref ? ref.draftId : a.summary.new.ruleSet.name),
              ...('draftId' in ref ? { draftId: ref.draftId } : {}),
              ruleSet: a.summary.new.ruleSet,
              totals: a.totals,
              schoolsGaining: a.summary.schoolsGaining,
              schoolsLosing: a.summary.schoolsLosing,
              schoolsUnchanged: a.summary.schoolsUnchanged,
              warnings: a.warnings,
            };
          }),
          schools: first.schools.map((school) => ({
            schoolId: school.schoolId,
            schoolName: school.schoolName,
            schoolType: school.schoolType,
            baseAllocation: school.baseAllocation,
            candidates: byCandidate.map((schools) => {
              const found = schools.get(school.schoolId)!;
              return { newAllocation: found.newAllocation, change: found.change, changePercent: found.changePercent };
            }),
          })),
        }),
        'attribution_candidates_too_large',
      );
    },
  }),
};

async function candidateRules(ctx: AppContext, ref: CandidateRef, baseRuleSetId: string, path: string): Promise<RuleSet> {
  const [content, at] = 'draftId' in ref ? [(await ctx.store.getDraft(ref.ruleSetId ?? baseRuleSetId, ref.draftId)).content, `${path}.draft`] : [ref.ruleSet, `body.${path}.ruleSet`];
  // Worked examples are checked when publishing; a simulation is how one finds out what a change does first.
  const outcome = validateRuleSet(content, { examples: false });
  if (!outcome.ok) throw unprocessable('invalid_rule_set', coded('candidate_invalid'), prefixed(at, outcome.problems));
  return outcome.ruleSet;
}

export const createSimulationsHandler = (options?: GroupOptions) => groupHandler('simulations', simulationActions, options);
export const handler = createSimulationsHandler();

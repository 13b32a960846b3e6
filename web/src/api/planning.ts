/**
 * The planning loop's calls (SPEC §8, §12, §13): solving a standard for a budget, multi-year plans and their export,
 * and the approved runs a run or a plan may take as its baseline. Kept beside endpoints.ts, in the same style.
 */
import type { PlanResult, PlanYearResult } from '../../../domain/plan';
import type { SolveResult } from '../../../domain/solve';
import { download, sendJson } from './client';
import { listRuns, type DraftView, type RunView } from './endpoints';

const enc = encodeURIComponent;

export type RulesReference = { ruleSetId: string; version: number } | { ruleSetId: string; draftId: string };
export type RulesSource = { ruleSetId: string; version: number } | { ruleSetId: string; draftId: string; baseVersion?: number } | { inline: true };

export interface SolutionInput {
  rules: RulesReference;
  datasetId: string;
  parameter: string;
  /** Yuan, a decimal string. */
  budget: string;
  step?: string;
  baselineRunId?: string;
}
export type Solution = SolveResult & { rules: RulesSource; datasetId: string; baselineRunId?: string };

export const solveStandard = (input: SolutionInput) => sendJson<Solution>('POST', '/solutions', input);

/** The solved rule set as a new draft of its series, based on the version the solved rules came from. */
export const draftFromSolution = (ruleSetId: string, solution: Solution, changeNote: string) =>
  sendJson<DraftView>('POST', `/rulesets/${enc(ruleSetId)}/drafts`, {
    ruleSet: solution.ruleSet,
    changeNote,
    ...('version' in solution.rules ? { fromVersion: solution.rules.version } : 'baseVersion' in solution.rules && solution.rules.baseVersion !== undefined ? { fromVersion: solution.rules.baseVersion } : {}),
  });

export interface PlanGrowth {
  overall?: string;
  byCategory?: Record<string, string>;
  byClassType?: Record<string, string>;
}
export interface PlanYearInput {
  fiscalYear: number;
  rules: RulesReference;
  enrollment: { datasetId: string } | { projectFrom: 'previous'; growth?: PlanGrowth };
  budget?: string;
  envelopePolicy: 'none' | 'cap' | 'exact';
}
export interface PlanInput {
  name?: string;
  baseline?: { runId: string };
  years: PlanYearInput[];
}
/** A plan as the console asks for it: each year's totals and summary without its schools; every school in the trajectory. */
export type PlanView = Omit<PlanResult, 'years'> & { years: Omit<PlanYearResult, 'schools' | 'attribution'>[] };

export const computePlan = (plan: PlanInput) => sendJson<PlanView>('POST', '/plans?schools=false&attribution=false', plan);
export const exportPlan = (plan: PlanInput, lang: 'zh' | 'en') =>
  download(`/plans/export?format=xlsx&lang=${lang}`, `skillfund-plan-${plan.years[0]?.fiscalYear}-${plan.years.at(-1)?.fiscalYear}.xlsx`, plan);

/** Approved (current) runs of a rule set before a fiscal year, latest year first: the baselines a run or plan may take. */
export async function baselineRuns(ruleSetId: string, beforeYear: number): Promise<RunView[]> {
  const runs = await listRuns();
  return runs
    .filter((run) => run.lifecycle === 'approved' && run.request.ruleSetId === ruleSetId && run.request.fiscalYear < beforeYear)
    .sort((a, b) => b.request.fiscalYear - a.request.fiscalYear || b.createdAt.localeCompare(a.createdAt));
}

/**
 * Issue 11's benchmark phases, loaded only by the phases that use them: solve a tier standard for a budget, solve a
 * capped uplift rate with protection against a baseline, and a three-year national plan.
 */
import { allocate } from '../domain/allocate';
import { baselineFromResult } from '../domain/baseline';
import type { EnrollmentLine } from '../domain/enrollment';
import { runPlan, type PlanInput } from '../domain/plan';
import type { RuleSet } from '../domain/ruleset';
import { solve } from '../domain/solve';
import { join } from 'node:path';
import { loadRules, REPO_ROOT } from './dataset';
import { floatAllocate } from './float-floor';
import { timeRuns, timingOf } from './measure';

const PROTECTION = { basis: 'perStudent' as const, floor: '-0.03', gainCap: '0.08' };

/** A budget that moves the answer away from today's value: 97 % of today's total, in whole yuan (float is fine to choose it). */
const budgetNear = (rules: RuleSet, lines: EnrollmentLine[], share: number) => String(Math.floor(floatAllocate(rules, lines, undefined).totalAllocation * share));

export async function planningPhase(phase: 'solve' | 'solve-rate' | 'plan' | 'plan-lean', rules: RuleSet, lines: EnrollmentLine[], runs: number) {
  if (phase === 'solve') {
    const budget = budgetNear(rules, lines, 0.97);
    const timing = await timeRuns(runs, () => mustSolve({ ruleSet: rules, lines, parameter: 'tiers.T3.perStudent', budget, enrollmentHash: 'sha256:bench' }));
    const r = timing.last;
    return { ...timingOf(timing), note: `tiers.T3.perStudent ${r.startingValue} → ${r.value} for ${budget} (gap ${r.gap}), ${r.evaluations} evaluations, comparison of ${r.comparison!.summary.linesMoved} moved lines included` };
  }
  if (phase === 'solve-rate') {
    const protectedRules: RuleSet = { ...rules, protection: PROTECTION };
    const before = allocate({ ruleSet: { ...rules, fiscalYear: rules.fiscalYear - 1 }, lines, enrollmentHash: 'sha256:bench' });
    if (!before.ok) throw new Error('the baseline run was refused');
    const baseline = baselineFromResult(before.result);
    const budget = budgetNear(rules, lines, 1.01);
    const timing = await timeRuns(runs, () => mustSolve({ ruleSet: protectedRules, lines, parameter: 'uplifts.scarce.rate', budget, baseline, enrollmentHash: 'sha256:bench' }));
    const r = timing.last;
    return { ...timingOf(timing), note: `uplifts.scarce.rate ${r.startingValue} → ${r.value} for ${budget} with protection (gap ${r.gap}), ${r.evaluations} evaluations, comparison included` };
  }
  // The sample plan's rule sets (data/plan-hlj-2025-2027.json) on the national enrolment, budgets scaled alike.
  const [r2025, r2026, r2027] = ['rules-hlj-2025.json', 'rules-hlj-2026-protected.json', 'rules-hlj-2027.json'].map((name) => loadRules(join(REPO_ROOT, 'data', name)));
  const total = floatAllocate(r2026!, lines, undefined).totalAllocation;
  const budget = (share: number) => String(Math.floor(total * share));
  const given = { kind: 'lines' as const, source: 'national', lines, hash: 'sha256:bench' };
  const plan: PlanInput = {
    name: 'bench',
    years: [
      { fiscalYear: 2025, ruleSet: r2025!, ruleSetSource: 'rules-hlj-2025.json', enrollment: given, envelope: { policy: 'cap', budget: budget(0.925) } },
      { fiscalYear: 2026, ruleSet: r2026!, ruleSetSource: 'rules-hlj-2026-protected.json', enrollment: given, envelope: { policy: 'exact', budget: budget(0.987) } },
      { fiscalYear: 2027, ruleSet: r2027!, ruleSetSource: 'rules-hlj-2027.json', enrollment: { kind: 'projected', growth: { overall: '0.02', byCategory: { '03': '0.08', '07': '-0.05' }, byClassType: { preparatory_technician: '0.10' } } }, envelope: { policy: 'cap', budget: budget(1.02) } },
    ],
  };
  const timing = await timeRuns(runs, () => {
    const outcome = runPlan(plan, { schoolLines: phase === 'plan' });
    if (!outcome.ok) throw new Error(`the bench plan was refused: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
    return outcome.result;
  });
  const years = timing.last.years;
  return { ...timingOf(timing), note: `${phase === 'plan' ? 'schools with lines' : 'schools without lines'}; 3 years: ${years.map((y) => `${y.fiscalYear} ${y.totalAllocation} (${y.schoolsAtFloor} at floor, ${y.schoolsAtCap} at cap)`).join('; ')}` };
}

function mustSolve(input: Parameters<typeof solve>[0]) {
  const outcome = solve(input);
  if (!outcome.ok) throw new Error(`solve refused the bench data: ${JSON.stringify(outcome.problems)}`);
  return outcome.result;
}

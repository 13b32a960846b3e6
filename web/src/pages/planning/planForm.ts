import { Decimal } from '../../../../domain/decimal';
import type { PlanGrowth, PlanInput, PlanYearInput } from '../../api/planning';
import { wanToYuan } from './parameterChoices';

/**
 * The 多年度测算 form as a person fills it, and the plan the API takes (SPEC §12). Rules are picked as "v:3" (a
 * published version) or "d:draft-…" (a draft), the enrolment as "ds:<datasetId>" or "projected"; growth rates are
 * typed in percent (2 = +2 %) and budgets in 万元, both turned into the API's exact decimals here.
 */
export interface GrowthRow {
  key?: string;
  rate?: string;
}

export interface PlanYearForm {
  fiscalYear: number;
  rules?: string;
  enrollment?: string;
  growthOverall?: string;
  growthByCategory?: GrowthRow[];
  growthByClassType?: GrowthRow[];
  budgetWan?: string;
  envelopePolicy: 'none' | 'cap' | 'exact';
}

export interface PlanForm {
  name?: string;
  baselineRunId?: string;
  years: PlanYearForm[];
}

export const PROJECTED = 'projected';
const PERCENT = /^-?\d+(\.\d+)?$/;

/** "2" (%) → "0.02", "-5" → "-0.05", exactly; null when it is not a number. */
export function percentToRate(percent: string): string | null {
  const trimmed = percent.replace(/[%\s]/g, '');
  return PERCENT.test(trimmed) ? new Decimal(trimmed).dividedBy(100).toFixed() : null;
}

export function rulesChoice(kind: 'version', value: number): string;
export function rulesChoice(kind: 'draft', value: string): string;
export function rulesChoice(kind: 'version' | 'draft', value: number | string): string {
  return kind === 'version' ? `v:${value}` : `d:${value}`;
}

/** The plan the API takes, from a form the form's own rules have checked (required fields, numbers). */
export function planInputOf(form: PlanForm, ruleSetId: string): PlanInput {
  const years = form.years.map((year, index): PlanYearInput => {
    const rules = year.rules!;
    const enrollment: PlanYearInput['enrollment'] =
      year.enrollment === PROJECTED && index > 0 ? { projectFrom: 'previous', growth: growthOf(year) } : { datasetId: (year.enrollment ?? '').replace(/^ds:/, '') };
    const budget = year.budgetWan?.trim() ? wanToYuan(year.budgetWan) : null;
    return {
      fiscalYear: year.fiscalYear,
      rules: rules.startsWith('v:') ? { ruleSetId, version: Number(rules.slice(2)) } : { ruleSetId, draftId: rules.slice(2) },
      enrollment,
      ...(budget !== null ? { budget } : {}),
      envelopePolicy: year.envelopePolicy,
    };
  });
  return {
    ...(form.name?.trim() ? { name: form.name.trim() } : {}),
    ...(form.baselineRunId ? { baseline: { runId: form.baselineRunId } } : {}),
    years,
  };
}

function growthOf(year: PlanYearForm): PlanGrowth {
  const rates = (rows: GrowthRow[] | undefined) =>
    Object.fromEntries((rows ?? []).filter((row) => row.key && row.rate?.trim()).map((row) => [row.key!, percentToRate(row.rate!) ?? row.rate!]));
  const byCategory = rates(year.growthByCategory);
  const byClassType = rates(year.growthByClassType);
  const overall = year.growthOverall?.trim() ? (percentToRate(year.growthOverall) ?? year.growthOverall) : undefined;
  return {
    ...(overall !== undefined ? { overall } : {}),
    ...(Object.keys(byCategory).length ? { byCategory } : {}),
    ...(Object.keys(byClassType).length ? { byClassType } : {}),
  };
}

import * as z from 'zod';
import { apportion, byInputOrder } from './apportion';
import { Decimal } from './decimal';
import { decimalText } from './decimal-schema';
import { formatFixed, toScaledInteger } from './fixed';
import { toPath, zodProblems, type Problem } from './problems';

/**
 * Payment schedule (拨付计划, SPEC §10): a run's allocation paid in instalments. Each school's allocation, in units
 * of 10^-scale yuan, is split by the largest-remainder rule over the quotas A × share, ties going to the earlier
 * instalment, so a school's instalments add up to its allocation and each instalment's total is the sum over
 * schools: nothing is rounded away and nothing is invented.
 */
export interface Instalment {
  label: string;
  /** Decimal string, > 0; the shares of a schedule add up to exactly 1. */
  share: string;
  /** ISO date (YYYY-MM-DD), when given. */
  due?: string;
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

export const instalmentListSchema = z
  .array(z.strictObject({ label: z.string().trim().min(1, 'must not be empty').max(100), share: decimalText, due: isoDate.optional() }))
  .min(1, 'at least one instalment is needed')
  .max(24, 'at most 24 instalments');

/** The checks zod cannot express; paths are relative to the list (prefix them with where it sits). */
export function instalmentProblems(instalments: readonly Instalment[], at: readonly (string | number)[] = []): Problem[] {
  const problems: Problem[] = [];
  const labels = new Set<string>();
  let sum = new Decimal(0);
  instalments.forEach((instalment, i) => {
    const share = new Decimal(instalment.share);
    if (!share.greaterThan(0)) {
      problems.push({ path: toPath([...at, i, 'share']), code: 'instalment_share_not_positive', params: { label: instalment.label, share: instalment.share } });
    }
    if (labels.has(instalment.label)) {
      problems.push({ path: toPath([...at, i, 'label']), code: 'instalment_label_duplicate', params: { label: instalment.label } });
    }
    if (instalment.due !== undefined && !isCalendarDate(instalment.due)) {
      problems.push({ path: toPath([...at, i, 'due']), code: 'instalment_due_invalid', params: { due: instalment.due } });
    }
    labels.add(instalment.label);
    sum = sum.plus(share);
  });
  if (instalments.length && !sum.equals(1)) {
    problems.push({ path: toPath(at) || '(root)', code: 'instalment_shares_sum', params: { sum: sum.toFixed() } });
  }
  return problems;
}

/** "2026-02-30" is not a date, though Date.parse rolls it over to March. */
function isCalendarDate(text: string): boolean {
  const time = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === text;
}

/** Parses and checks a schedule (API body, CLI file, rule-set field): every problem with its path. */
export function validateInstalments(input: unknown): { ok: true; instalments: Instalment[] } | { ok: false; problems: Problem[] } {
  const parsed = instalmentListSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, input) };
  const instalments = parsed.data.map((i) => ({ label: i.label, share: i.share, ...(i.due !== undefined ? { due: i.due } : {}) }));
  const problems = instalmentProblems(instalments);
  return problems.length ? { ok: false, problems } : { ok: true, instalments };
}

/** One allocation (a decimal string with `scale` decimals) split into the schedule's instalments, in its order. */
export function splitAllocation(allocation: string, scale: number, instalments: readonly Instalment[]): string[] {
  const units = toScaledInteger(allocation, scale);
  return apportion(units, shareWeights(instalments), byInputOrder).map((share) => formatFixed(share, scale));
}

export interface ScheduledSchool {
  schoolId: string;
  instalments: { label: string; amount: string }[];
}

export interface ScheduleSummary {
  label: string;
  share: string;
  due?: string;
  total: string;
}

/** The schedule applied to every school (SPEC §13 keys: per school `instalments[]`, summary `instalments[]`). */
export function paymentSchedule(
  schools: readonly { schoolId: string; allocation: string }[],
  scale: number,
  instalments: readonly Instalment[],
): { schools: ScheduledSchool[]; summary: ScheduleSummary[] } {
  const weights = shareWeights(instalments);
  const totals = instalments.map(() => 0n);
  const scheduled = schools.map((school) => {
    const shares = apportion(toScaledInteger(school.allocation, scale), weights, byInputOrder);
    shares.forEach((share, i) => (totals[i]! += share));
    return { schoolId: school.schoolId, instalments: instalments.map((instalment, i) => ({ label: instalment.label, amount: formatFixed(shares[i]!, scale) })) };
  });
  const summary = instalments.map((instalment, i) => ({
    label: instalment.label,
    share: instalment.share,
    ...(instalment.due !== undefined ? { due: instalment.due } : {}),
    total: formatFixed(totals[i]!, scale),
  }));
  return { schools: scheduled, summary };
}

/** Shares as integers over a common denominator (they sum to 10^d, d the most decimals any share has). */
function shareWeights(instalments: readonly Instalment[]): bigint[] {
  const decimals = Math.max(0, ...instalments.map((i) => new Decimal(i.share).decimalPlaces()));
  return instalments.map((i) => toScaledInteger(i.share, decimals));
}

/** Quarterly, 25 % each: the usual schedule, offered by the console as a starting point. */
export function quarterly(fiscalYear: number): Instalment[] {
  return [
    { label: '第一季度', share: '0.25', due: `${fiscalYear}-03-31` },
    { label: '第二季度', share: '0.25', due: `${fiscalYear}-06-30` },
    { label: '第三季度', share: '0.25', due: `${fiscalYear}-09-30` },
    { label: '第四季度', share: '0.25', due: `${fiscalYear}-12-31` },
  ];
}

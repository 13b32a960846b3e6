import * as z from 'zod';
import { Decimal } from './decimal';
import { toPath, zodProblems, type Problem } from './problems';
import type { AllocationResult } from './result';

/**
 * The baseline of year-on-year protection (SPEC §7): an earlier §4 result, read for what protection needs only —
 * each school's allocation A⁰ and its students N⁰ (the sum over its baseline lines). Both result forms carry
 * these (`students` is a fixed key of every line, whether or not the derivation is in a `standards[]` table).
 */
export interface BaselineSchool {
  /** A⁰ in yuan, canonical decimal text. */
  allocation: string;
  /** N⁰ in hundredths of a student. */
  students: bigint;
}

export interface Baseline {
  fiscalYear?: number;
  /** The baseline run's rule-set hash, to say which run it was. */
  ruleSetHash?: string;
  totalAllocation: string;
  schools: ReadonlyMap<string, BaselineSchool>;
}

export type BaselineReading = { ok: true; baseline: Baseline } | { ok: false; problems: Problem[] };

const MONEY = /^\d+(\.\d+)?$/;
const STUDENTS = /^\d+(\.\d{1,2})?$/;
const money = z.string().regex(MONEY, 'must be a non-negative decimal string such as "1485000.00"');
const students = z.string().regex(STUDENTS, 'must be a non-negative decimal string with at most 2 decimals');

// Loose objects: a result carries many more keys (derivations, protection, instalments…) that a baseline ignores.
const baselineSchema = z.looseObject({
  summary: z.looseObject({
    fiscalYear: z.number().int().optional(),
    totalAllocation: money,
    ruleSet: z.looseObject({ hash: z.string().optional() }).optional(),
  }),
  schools: z.array(
    z.looseObject({
      schoolId: z.string().min(1),
      allocation: money,
      students: students.optional(),
      lines: z.array(z.looseObject({ students })),
    }),
  ),
});

/** Reads a §4 result as a baseline, refusing anything that does not add up (every problem with its JSON path). */
export function readBaseline(json: unknown): BaselineReading {
  const parsed = baselineSchema.safeParse(json);
  // Shape problems keep zod's own words for now (the catalogue work gives them codes); the checks below are coded.
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const { summary, schools: raw } = parsed.data;
  const problems: Problem[] = [];
  const schools = new Map<string, BaselineSchool>();
  let total = new Decimal(0);
  raw.forEach((school, index) => {
    if (schools.has(school.schoolId)) {
      problems.push({ path: toPath(['schools', index, 'schoolId']), code: 'baseline_duplicate_school', params: { schoolId: school.schoolId } });
      return;
    }
    let hundredths = 0n;
    for (const line of school.lines) hundredths += studentHundredths(line.students);
    // A school total that disagrees with its lines means an edited or truncated file: refuse rather than guess N⁰.
    if (school.students !== undefined && studentHundredths(school.students) !== hundredths) {
      problems.push({
        path: toPath(['schools', index, 'students']),
        code: 'baseline_students_mismatch',
        params: { schoolId: school.schoolId, students: school.students, lineStudents: new Decimal(hundredths.toString()).div(100).toFixed() },
      });
    }
    total = total.plus(school.allocation);
    schools.set(school.schoolId, { allocation: new Decimal(school.allocation).toFixed(), students: hundredths });
  });
  if (!total.equals(summary.totalAllocation)) {
    problems.push({
      path: 'summary.totalAllocation',
      code: 'baseline_total_mismatch',
      params: { total: summary.totalAllocation, schoolsTotal: total.toFixed() },
    });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    baseline: {
      ...(summary.fiscalYear !== undefined ? { fiscalYear: summary.fiscalYear } : {}),
      ...(summary.ruleSet?.hash !== undefined ? { ruleSetHash: summary.ruleSet.hash } : {}),
      totalAllocation: new Decimal(summary.totalAllocation).toFixed(),
      schools,
    },
  };
}

/** A result computed in this process as a baseline (a plan's previous year), without a round trip through JSON. */
export function baselineFromResult(result: AllocationResult): Baseline {
  const schools = new Map<string, BaselineSchool>();
  for (const school of result.schools) {
    let hundredths = 0n;
    for (const line of school.lines) hundredths += studentHundredths(line.students);
    schools.set(school.schoolId, { allocation: new Decimal(school.allocation).toFixed(), students: hundredths });
  }
  return { fiscalYear: result.summary.fiscalYear, ruleSetHash: result.summary.ruleSet.hash, totalAllocation: new Decimal(result.summary.totalAllocation).toFixed(), schools };
}

function studentHundredths(text: string): bigint {
  const [whole = '0', fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
}

import { apportion, bySchoolId } from './apportion';
import type { AllocationCore } from './allocation-core';
import type { Baseline, BaselineSchool } from './baseline';
import { clampValue, solveClampedSum, type Fraction } from './clamped-sum';
import { Decimal } from './decimal';
import { divideRounded, formatExact, formatFixed, pow10, toScaledInteger, type RoundingMode } from './fixed';
import type { Problem } from './problems';
import type { Protection, ProtectionBasis } from './protection-rules';
import type { EnvelopePolicy, ProtectionSummary, SchoolProtection } from './result';

/**
 * Year-on-year protection (SPEC §7): each school's guarantee F and cap C from its baseline, and the allocation
 * with them — A = clamp(round(E), F, C) without an envelope, or the exact solution of Σ clamp(f·E, F, C) = B
 * apportioned by largest remainder as §3 does. The entitlements come from allocation-core; nothing here
 * prices a line.
 *
 * Units: F, C and allocations in 10^-scale yuan; entitlements e in 10^-exactScale yuan; k = 10^(exactScale − scale).
 */

export type Bound = 'floor' | 'cap' | null;

/** What protection needs to know of a school of the run. */
export interface ProtectedSchoolInput {
  id: string;
  eligible: boolean;
  /** Students now, in hundredths. */
  students: bigint;
  /** E at the run's exact scale. */
  entitlement: bigint;
}

export interface ProtectionInput {
  protection: Protection;
  baseline: Baseline;
  scale: number;
  exactScale: number;
  mode: RoundingMode;
  policy: EnvelopePolicy;
  /** Budget in allocation units, for cap and exact. */
  budget?: bigint;
  /** Sorted by id in code-point order. */
  schools: readonly ProtectedSchoolInput[];
}

export interface SchoolProtectionState {
  /** The school's baseline line, when it is in the baseline. */
  baseline?: BaselineSchool;
  /** Whether the baseline protects it: eligible now, A⁰ > 0 and N⁰ > 0. */
  protected: boolean;
  floor: bigint;
  cap: bigint | null;
  bound: Bound;
}

export interface ProtectionRun {
  protection: Protection;
  baseline: Baseline;
  schools: SchoolProtectionState[];
  allocations: bigint[];
  /** f of the envelope in allocation units per unit of E, when an envelope solved one; null when none applied. */
  factor: Fraction | null;
  schoolsAtFloor: number;
  schoolsAtCap: number;
  /** Σ (F − f·E) over schools at their floor, in allocation units (a fraction: f·E need not be whole). */
  floorCost: Fraction;
  /** Σ (f·E − C) over schools at their cap. */
  capSaving: Fraction;
  totalGuarantees: bigint;
  /** Baseline schools that are not in this run. */
  baselineSchoolsAbsent: number;
  /** Whether the envelope moved some school away from clamp(round(E), F, C). */
  envelopeMoved: boolean;
}

export type ProtectionOutcome = { ok: true; run: ProtectionRun } | { ok: false; problems: Problem[] };

/** Protected allocations for a run whose rule set has `protection` and which was given a baseline. */
export function protectAllocations(input: ProtectionInput): ProtectionOutcome {
  const { schools, scale, exactScale, mode } = input;
  const k = pow10(exactScale - scale);
  const states = schools.map((school) => guarantee(input, school));
  const noEnvelope = schools.map((school, i) => clampValue(divideRounded(school.entitlement, k, mode), states[i]!.floor, states[i]!.cap));
  const totalGuarantees = states.reduce((sum, s) => sum + s.floor, 0n);

  let allocations = noEnvelope;
  let factor: Fraction | null = null;
  const budget = input.budget;
  const scaled = budget !== undefined && (input.policy === 'exact' || (input.policy === 'cap' && noEnvelope.reduce((a, b) => a + b, 0n) > budget));
  if (scaled) {
    if (totalGuarantees > budget) {
      return fail('budget_below_guarantees', { budget: money(budget, scale), guarantees: money(totalGuarantees, scale), shortfall: money(totalGuarantees - budget, scale) });
    }
    const solution = solveClampedSum(
      schools.map((school, i) => ({ a: 0n, b: school.entitlement, low: states[i]!.floor * k, high: states[i]!.cap === null ? null : states[i]!.cap! * k })),
      budget * k,
    );
    if (!solution.ok) {
      // `below` cannot happen (Σ F ≤ B was checked); `above` means every school that could take more is capped.
      const maximum = solution.reason === 'above' ? solution.maximum / k : totalGuarantees;
      return fail('budget_above_caps', { budget: money(budget, scale), maximum: money(maximum, scale), excess: money(budget - maximum, scale) });
    }
    const { num, den } = solution.x;
    // Quotas clamp(f·E, F, C) over the common denominator k·den; apportioning B over them gives each ⌊q⌋ and the
    // largest remainders exactly as §3 (their sum is B·k·den).
    const weights = schools.map((school, i) => clampValue(num * school.entitlement, states[i]!.floor * k * den, states[i]!.cap === null ? null : states[i]!.cap! * k * den));
    allocations = apportion(budget, weights, bySchoolId(schools.map((s) => s.id)));
    factor = { num: num * k, den };
  }

  // Which bound bit, and what it cost, against the formula share f·E (f = 1 without an envelope).
  const f = factor ?? { num: 1n, den: 1n };
  // f·E in allocation units is f.num·e / (f.den·k); every comparison below is over that one denominator.
  const unitDen = f.den * k;
  let floorCost = 0n;
  let capSaving = 0n;
  let schoolsAtFloor = 0;
  let schoolsAtCap = 0;
  schools.forEach((school, i) => {
    const state = states[i]!;
    const share = f.num * school.entitlement;
    if (share < state.floor * unitDen) {
      state.bound = 'floor';
      schoolsAtFloor++;
      floorCost += state.floor * unitDen - share;
    } else if (state.cap !== null && share > state.cap * unitDen) {
      state.bound = 'cap';
      schoolsAtCap++;
      capSaving += share - state.cap * unitDen;
    }
  });
  const present = new Set(schools.map((s) => s.id));
  let baselineSchoolsAbsent = 0;
  for (const id of input.baseline.schools.keys()) if (!present.has(id)) baselineSchoolsAbsent++;

  return {
    ok: true,
    run: {
      protection: input.protection,
      baseline: input.baseline,
      schools: states,
      allocations,
      factor,
      schoolsAtFloor,
      schoolsAtCap,
      floorCost: { num: floorCost, den: unitDen },
      capSaving: { num: capSaving, den: unitDen },
      totalGuarantees,
      baselineSchoolsAbsent,
      envelopeMoved: allocations !== noEnvelope && allocations.some((a, i) => a !== noEnvelope[i]),
    },
  };
}

/**
 * F = ⌈L⌉ and C = ⌊U⌋ in allocation units, with L, U from A⁰ (total) or from N × A⁰ / N⁰ (per student);
 * C = F when ⌈L⌉ > ⌊U⌋. Unprotected eligible schools: F = 0, C = ∞; ineligible schools: F = C = 0.
 */
function guarantee(input: ProtectionInput, school: ProtectedSchoolInput): SchoolProtectionState {
  const baseline = input.baseline.schools.get(school.id);
  const withBaseline = baseline ? { baseline } : {};
  if (!school.eligible) return { ...withBaseline, protected: false, floor: 0n, cap: 0n, bound: null };
  if (!baseline || baseline.students === 0n || new Decimal(baseline.allocation).isZero()) return { ...withBaseline, protected: false, floor: 0n, cap: null, bound: null };
  const { floor, gainCap } = input.protection;
  const bound = (change: string | undefined, round: 'up' | 'down') => (change === undefined ? undefined : boundUnits(input.protection.basis, baseline, school.students, change, input.scale, round));
  const low = bound(floor, 'up') ?? 0n;
  const high = bound(gainCap, 'down') ?? null;
  return { baseline, protected: true, floor: low, cap: high !== null && low > high ? low : high, bound: null };
}

/** A⁰ × (1 + change), or N × A⁰ / N⁰ × (1 + change), in allocation units, rounded up (a floor) or down (a cap). */
function boundUnits(basis: ProtectionBasis, baseline: BaselineSchool, students: bigint, change: string, scale: number, round: 'up' | 'down'): bigint {
  const allocation = new Decimal(baseline.allocation);
  const factor = new Decimal(change).plus(1);
  const places = allocation.decimalPlaces() + factor.decimalPlaces();
  // (A⁰ × (1 + change)) as an integer over 10^places, then × 10^scale for allocation units.
  let numerator = toScaledInteger(allocation.times(factor), places) * pow10(scale);
  let denominator = pow10(places);
  if (basis === 'perStudent') {
    numerator *= students;
    denominator *= baseline.students;
  }
  const quotient = numerator / denominator;
  return round === 'up' && quotient * denominator !== numerator ? quotient + 1n : quotient;
}

/** Allocation units as yuan text. */
function money(units: bigint, scale: number): string {
  return formatFixed(units, scale);
}

function fail(code: string, params: Record<string, string>): ProtectionOutcome {
  return { ok: false, problems: [{ path: 'budget', code, params }] };
}

/** A fraction of allocation units as yuan at the rule set's scale, rounded half up. */
export function fractionMoney(value: Fraction, scale: number): string {
  return formatFixed(divideRounded(value.num, value.den, 'half_up'), scale);
}

/** P = clamp(E, F, C) per school of a run that applied protection, in units of 10^-exactScale yuan (what §9 reads). */
export function protectedEntitlementUnits(core: Pick<AllocationCore, 'schools' | 'protection' | 'scale' | 'exactScale'>): Map<string, bigint> {
  const units = new Map<string, bigint>();
  const run = core.protection;
  if (!run) return units;
  const k = pow10(core.exactScale - core.scale);
  core.schools.forEach((school, i) => {
    const state = run.schools[i]!;
    units.set(school.id, clampValue(school.entitlement, state.floor * k, state.cap === null ? null : state.cap * k));
  });
  return units;
}

/** P = clamp(E, F, C) at the run's exact scale, as text. */
export function protectedEntitlement(entitlement: bigint, state: SchoolProtectionState, scale: number, exactScale: number): string {
  const k = pow10(exactScale - scale);
  return formatExact(clampValue(entitlement, state.floor * k, state.cap === null ? null : state.cap * k), exactScale);
}

/** The §13 `protection` of school `index` of a run. */
export function schoolProtection(run: ProtectionRun, index: number, entitlement: bigint, scale: number, exactScale: number): SchoolProtection {
  const state = run.schools[index]!;
  return {
    floor: money(state.floor, scale),
    ...(state.cap !== null ? { cap: money(state.cap, scale) } : {}),
    bound: state.bound,
    protectedEntitlement: protectedEntitlement(entitlement, state, scale, exactScale),
    protected: state.protected,
    ...(state.baseline ? { baselineAllocation: state.baseline.allocation, baselineStudents: formatExact(state.baseline.students, 2) } : {}),
  };
}

/** The run summary's `protection`. */
export function protectionSummary(run: ProtectionRun, scale: number): ProtectionSummary {
  const { protection, baseline } = run;
  return {
    basis: protection.basis,
    ...(protection.floor !== undefined ? { floor: protection.floor } : {}),
    ...(protection.gainCap !== undefined ? { gainCap: protection.gainCap } : {}),
    ...(protection.source !== undefined ? { source: protection.source } : {}),
    baseline: {
      ...(baseline.fiscalYear !== undefined ? { fiscalYear: baseline.fiscalYear } : {}),
      ...(baseline.ruleSetHash !== undefined ? { ruleSetHash: baseline.ruleSetHash } : {}),
      totalAllocation: baseline.totalAllocation,
      schools: baseline.schools.size,
      schoolsAbsent: run.baselineSchoolsAbsent,
    },
    schoolsProtected: run.schools.filter((s) => s.protected).length,
    schoolsAtFloor: run.schoolsAtFloor,
    schoolsAtCap: run.schoolsAtCap,
    floorCost: fractionMoney(run.floorCost, scale),
    capSaving: fractionMoney(run.capSaving, scale),
    totalGuarantees: money(run.totalGuarantees, scale),
    envelopeFactor: run.factor === null ? null : new Decimal(run.factor.num.toString()).div(run.factor.den.toString()).toDecimalPlaces(12, Decimal.ROUND_HALF_UP).toFixed(),
  };
}

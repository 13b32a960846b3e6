import type { AllocationCore } from './allocation-core';
import { clampValue, solveClampedSum } from './clamped-sum';
import { Decimal } from './decimal';
import { divideRounded, pow10, toScaledInteger } from './fixed';
import { MAX_RATE, withParameter, type Parameter } from './parameters';
import { StandardBook, type CompiledStandard } from './standards';

/**
 * T(x) — the total allocation under envelope `none` with per-school rounding and the run's protection — as a cheap
 * function of the grid index m (x = m × step), built once from a computed run (SPEC §8).
 *
 * Every school's entitlement is E(x) = K + Σ_c W_c × h_c(x): for a money standard, a factor or `scale` there is one
 * term with h(x) = x (E is linear in the parameter); for an uplift rate there is one term per distinct set of
 * matched rate uplifts with h_c(x) = that set's combined, capped rate ρ_c(x). The per-student amounts, ρ_c and the
 * slopes are asked of the engine (StandardBook on the rule set with the parameter set), and checked against the
 * run itself, so the formula lives in one place only. F and C do not depend on x. Evaluating T is then a few BigInt
 * operations per school; the engine is not run again until the answer is checked.
 */
export interface TotalModel {
  /** T(m × step) in allocation units. */
  total(index: bigint): bigint;
  /** Largest grid index allowed (rates ≤ 10), or null. */
  maxIndex: bigint | null;
  /**
   * For a rate: the smallest index from which no term's ρ moves any more (the uplift cap binds everywhere), so T is
   * flat beyond it; the search need not look further. null for linear parameters.
   */
  saturationIndex(): bigint | null;
  /** Funded lines with students whose amount depends on the parameter. */
  dependentLines: number;
  /** The index where the unrounded Σ clamp(E(x), F, C) reaches the budget, when E is linear (undefined otherwise). */
  estimate(budget: bigint): bigint | undefined;
  /** T as x grows without bound (linear parameters), null when unbounded; T(max) for rates. */
  supremum(): bigint | null;
  evaluations(): number;
}

interface Dependence {
  /** Term c of E this standard feeds. */
  term: number;
  /** Per-student amount at x = 0 (linear) or S + F (rate), and per-unit slope (linear) or S (rate), at scale Q − 2. */
  constant: bigint;
  slope: bigint;
}

export function buildTotalModel(core: AllocationCore, parameter: Parameter, step: Decimal): TotalModel {
  const rules = core.rules;
  const isRate = parameter.kind === 'rate';
  const bookAt = (x: Decimal) => new StandardBook(withParameter(rules, parameter, x));

  // The distinct standards of funded lines: few (hundreds), however many lines.
  const funded = new Set<CompiledStandard>();
  core.schools.forEach((school) => {
    if (school.eligible) for (const index of school.indexes) funded.add(core.standards[index]!);
  });

  // Per standard: does it move with x, and how.
  const at0 = bookAt(new Decimal(0));
  const probe = isRate ? bookAt(MAX_RATE) : bookAt(new Decimal(1));
  const amounts = new Map<CompiledStandard, { constant: Decimal; slope: Decimal; term: number }>();
  const termKeys: string[] = [];
  const representatives: CompiledStandard[] = [];
  for (const standard of funded) {
    const p0 = at0.standardFor(standard.majorCode, standard.classType).perStudentExact;
    const p1 = probe.standardFor(standard.majorCode, standard.classType).perStudentExact;
    if (p0.equals(p1)) continue;
    if (isRate) {
      // p = S × (1 + ρ) + F with S and F independent of the rate (SPEC §3 step 6); checked on the run's own amount.
      const banded = new Decimal(standard.bandedStandard);
      const amount = new Decimal(standard.upliftAmount);
      if (!banded.times(new Decimal(standard.upliftRate).plus(1)).plus(amount).equals(standard.perStudentExact)) throw new Error(`internal: ${standard.majorCode}/${standard.classType} is not S × (1 + ρ) + F`);
      const key = standard.uplifts.filter((u) => u.rate !== undefined).map((u) => u.id).sort().join('\u0000');
      let term = termKeys.indexOf(key);
      if (term < 0) {
        term = termKeys.push(key) - 1;
        representatives.push(standard);
      }
      amounts.set(standard, { constant: banded.plus(amount), slope: banded, term });
    } else {
      const p2 = bookAt(new Decimal(2)).standardFor(standard.majorCode, standard.classType).perStudentExact;
      const slope = p1.minus(p0);
      if (!p2.minus(p1).equals(slope)) throw new Error(`internal: ${parameter.path} does not act linearly on ${standard.majorCode}/${standard.classType}`);
      amounts.set(standard, { constant: p0, slope, term: 0 });
    }
  }
  const terms = isRate ? termKeys.length : 1;

  let places = core.exactScale - 2;
  for (const { constant, slope } of amounts.values()) places = Math.max(places, constant.decimalPlaces(), slope.decimalPlaces());
  const Q = places + 2;
  const dependence = new Map<CompiledStandard, Dependence>();
  for (const [standard, { constant, slope, term }] of amounts) dependence.set(standard, { term, constant: toScaledInteger(constant, places), slope: toScaledInteger(slope, places) });

  // Per school: K (scale Q) and W_c (scale Q, per unit of h_c).
  const toQ = pow10(Q - core.exactScale);
  const K: bigint[] = [];
  const W: bigint[][] = [];
  let dependentLines = 0;
  for (const school of core.schools) {
    let constant = 0n;
    const weights = new Array<bigint>(terms).fill(0n);
    if (school.eligible) {
      for (const index of school.indexes) {
        const found = dependence.get(core.standards[index]!);
        if (!found) {
          constant += core.lineEntitlements[index]! * toQ;
          continue;
        }
        const students = core.studentHundredths[index]!;
        if (students > 0n) dependentLines++;
        constant += students * found.constant;
        weights[found.term]! += students * found.slope;
      }
    }
    K.push(constant);
    W.push(weights);
  }
  const floors = core.schools.map((_, i) => core.protection?.schools[i]!.floor ?? 0n);
  const caps = core.schools.map((_, i) => (core.protection ? core.protection.schools[i]!.cap : null));
  const mode = rules.rounding.mode;
  const scale = core.scale;

  /** h_c at x: x itself, or each rate term's combined, capped ρ as the engine computes it. */
  const termValues = (x: Decimal): Decimal[] => {
    if (!isRate) return [x];
    const book = bookAt(x);
    return representatives.map((standard) => new Decimal(book.standardFor(standard.majorCode, standard.classType).upliftRate));
  };

  let evaluations = 0;
  const cache = new Map<bigint, bigint>();
  const total = (index: bigint): bigint => {
    const known = cache.get(index);
    if (known !== undefined) return known;
    evaluations++;
    const values = termValues(step.times(index.toString()));
    const r = Math.max(0, ...values.map((v) => v.decimalPlaces()));
    const scaled = values.map((v) => toScaledInteger(v, r));
    const lift = pow10(r);
    const divisor = pow10(Q + r - scale);
    let sum = 0n;
    for (let i = 0; i < K.length; i++) {
      let entitlement = K[i]! * lift;
      const weights = W[i]!;
      for (let c = 0; c < terms; c++) if (weights[c] !== 0n) entitlement += weights[c]! * scaled[c]!;
      sum += clampValue(divideRounded(entitlement, divisor, mode), floors[i]!, caps[i]!);
    }
    cache.set(index, sum);
    return sum;
  };

  const stepPlaces = step.decimalPlaces();
  const stepUnits = toScaledInteger(step, stepPlaces);
  return {
    total,
    maxIndex: isRate ? BigInt(MAX_RATE.div(step).floor().toFixed(0)) : null,
    dependentLines,
    estimate(budget) {
      if (isRate) return undefined;
      // Unrounded E in units of 10^-(Q + stepPlaces) yuan as a function of the index m: K × 10^d + m × W × step.
      const toUnits = pow10(Q + stepPlaces - scale);
      const solution = solveClampedSum(
        K.map((k, i) => ({ a: k * pow10(stepPlaces), b: W[i]![0]! * stepUnits, low: floors[i]! * toUnits, high: caps[i] === null ? null : caps[i]! * toUnits })),
        budget * toUnits,
      );
      if (!solution.ok) return solution.reason === 'below' ? 0n : undefined;
      return solution.x.num / solution.x.den;
    },
    supremum() {
      if (isRate) return total(this.maxIndex!);
      let sum = 0n;
      for (let i = 0; i < K.length; i++) {
        if (W[i]![0]! === 0n) sum += clampValue(divideRounded(K[i]!, pow10(Q - scale), mode), floors[i]!, caps[i]!);
        else if (caps[i] === null) return null;
        else sum += caps[i]!;
      }
      return sum;
    },
    evaluations: () => evaluations,
    saturationIndex() {
      if (!isRate) return null;
      const maxIndex = BigInt(MAX_RATE.div(step).floor().toFixed(0));
      const rateAt = (index: bigint) => termValues(step.times(index.toString()));
      const final = rateAt(maxIndex);
      // Each ρ_c is non-decreasing in x, so "every term has reached its final value" is monotone: bisect for it.
      const saturated = (index: bigint) => rateAt(index).every((value, c) => value.equals(final[c]!));
      let low = 0n;
      let high = maxIndex;
      if (saturated(low)) return 0n;
      while (high - low > 1n) {
        const middle = (low + high) / 2n;
        if (saturated(middle)) high = middle;
        else low = middle;
      }
      return high;
    },
  };
}

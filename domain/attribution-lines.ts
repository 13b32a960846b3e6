import type { NotFundedReason } from './attribution-types';
import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import { CLASS_TYPE_INDEX } from './enrollment-columns';
import { toScaledInteger } from './fixed';
import { CLASS_TYPES, SCHOOL_TYPES, type ClassType } from './ruleset';
import type { CompiledStandard, StandardBook } from './standards';

/**
 * Per student, what each §9 line effect is worth for one (major, class type), in units of 10^-places yuan. A line's
 * effect is its student count times one of these, so the Decimal work happens once per (major, class type) and
 * every line is BigInt arithmetic. Where a side has no standard (the major or the band is missing) it is absent.
 */
export interface EffectRates {
  base?: CompiledStandard;
  next?: CompiledStandard;
  /** p⁰ and p¹ (0 where that side has no standard). */
  basePerStudent: bigint;
  newPerStudent: bigint;
  /** (S¹ − S⁰)(1 + ρ⁰), S¹(ρ¹ − ρ⁰), F¹ − F⁰: only where both sides have a standard. */
  standard: bigint;
  upliftRate: bigint;
  upliftAmount: bigint;
  /** Whether each side's rules refuse the line by major or band, per school type (SCHOOL_TYPES order); eligibility aside. */
  baseRefusal: (NotFundedReason | undefined)[];
  newRefusal: (NotFundedReason | undefined)[];
  /** The line effects of every line of this (major, class type), summed as lines are attributed (the group views). */
  sums: bigint[];
}

/**
 * The rates of every major of either rule set with every class type: a few hundred entries, computed before any line
 * is read so that one scale serves all. Each (major, class type) has a small integer key, so lines are matched and
 * looked up without building strings.
 */
export class EffectRateTable {
  /** Decimal places of the per-student rates; a line effect has two more (students have 2). */
  readonly places: number;
  private readonly majorIds = new Map<string, number>();
  private readonly byKey: (EffectRates | undefined)[] = [];

  /** `places` is at least `minimumPlaces`. */
  constructor(baseBook: StandardBook, newBook: StandardBook, minimumPlaces: number) {
    for (const major of [...baseBook.rules.majors, ...newBook.rules.majors]) if (!this.majorIds.has(major.code)) this.majorIds.set(major.code, this.majorIds.size);
    type Refusals = (NotFundedReason | undefined)[];
    const decimals: [number, DecimalRates, Refusals, Refusals][] = [];
    let places = minimumPlaces;
    for (const [major, id] of this.majorIds) {
      CLASS_TYPES.forEach((classType, classIndex) => {
        const rates = decimalRates(standardOf(baseBook, major, classType), standardOf(newBook, major, classType));
        if (!rates) return;
        for (const value of rates.values) places = Math.max(places, value.decimalPlaces());
        decimals.push([id * CLASS_TYPES.length + classIndex, rates, refusals(baseBook, major, classType), refusals(newBook, major, classType)]);
      });
    }
    this.places = places;
    this.byKey = new Array(this.keyCount).fill(undefined);
    for (const [key, { base, next, values }, baseRefusal, newRefusal] of decimals) {
      const [basePerStudent, newPerStudent, standard, upliftRate, upliftAmount] = values.map((value) => toScaledInteger(value, places)) as [bigint, bigint, bigint, bigint, bigint];
      this.byKey[key] = { ...(base ? { base } : {}), ...(next ? { next } : {}), basePerStudent, newPerStudent, standard, upliftRate, upliftAmount, baseRefusal, newRefusal, sums: [0n, 0n, 0n, 0n, 0n] };
    }
  }

  /** Keys run from 0 to keyCount − 1. */
  get keyCount(): number {
    return this.majorIds.size * CLASS_TYPES.length;
  }

  /** The line's (major, class type) key; −1 when neither rule set has its major, so no side can fund it. */
  keyOf(line: EnrollmentLine): number {
    const id = this.majorIds.get(line.majorCode);
    return id === undefined ? -1 : id * CLASS_TYPES.length + CLASS_TYPE_INDEX.get(line.classType)!;
  }

  /** Undefined when neither rule set has a standard for the key (a band missing in both). */
  get(key: number): EffectRates | undefined {
    return this.byKey[key];
  }

  all(): EffectRates[] {
    return this.byKey.filter((rates): rates is EffectRates => rates !== undefined);
  }
}

function standardOf(book: StandardBook, major: string, classType: ClassType): CompiledStandard | undefined {
  return book.hasMajor(major) && book.rules.classBands.some((band) => band.classType === classType) ? book.standardFor(major, classType) : undefined;
}

function refusals(book: StandardBook, major: string, classType: ClassType): (NotFundedReason | undefined)[] {
  return SCHOOL_TYPES.map((schoolType) => (!book.hasMajor(major) ? 'unknown_major' : book.bandRefusal(classType, schoolType) !== undefined ? 'class_type_not_allowed' : undefined));
}

interface DecimalRates {
  base?: CompiledStandard;
  next?: CompiledStandard;
  values: [basePerStudent: Decimal, newPerStudent: Decimal, standard: Decimal, upliftRate: Decimal, upliftAmount: Decimal];
}

/**
 * The per-student rates of §9's table. They telescope: p⁰ + (S¹ − S⁰)(1 + ρ⁰) + S¹(ρ¹ − ρ⁰) + (F¹ − F⁰) = p¹, which is
 * checked here, so every line's effects add up to its e¹ − e⁰ by construction.
 */
function decimalRates(base: CompiledStandard | undefined, next: CompiledStandard | undefined): DecimalRates | undefined {
  if (!base && !next) return undefined;
  const zero = new Decimal(0);
  const basePerStudent = base ? base.perStudentExact : zero;
  const newPerStudent = next ? next.perStudentExact : zero;
  if (!base || !next) return { ...(base ? { base } : {}), ...(next ? { next } : {}), values: [basePerStudent, newPerStudent, zero, zero, zero] };
  const [s0, s1] = [new Decimal(base.bandedStandard), new Decimal(next.bandedStandard)];
  const [rho0, rho1] = [new Decimal(base.upliftRate), new Decimal(next.upliftRate)];
  const standard = s1.minus(s0).times(rho0.plus(1));
  const upliftRate = s1.times(rho1.minus(rho0));
  const upliftAmount = new Decimal(next.upliftAmount).minus(base.upliftAmount);
  if (!basePerStudent.plus(standard).plus(upliftRate).plus(upliftAmount).equals(newPerStudent)) {
    throw new Error(`internal: the effects of ${next.majorCode}/${next.classType} do not add up to p¹ − p⁰ (Decimal precision exceeded?)`);
  }
  return { base, next, values: [basePerStudent, newPerStudent, standard, upliftRate, upliftAmount] };
}

/**
 * §9's table for one line: `fundedBefore`/`fundedAfter` as each side's rules decide, n in hundredths. Undefined when
 * every effect is 0 (most lines of a year without change), so no array is made for them.
 */
export function effectsOf(rates: EffectRates, fundedBefore: boolean, fundedAfter: boolean, n0: bigint, n1: bigint): bigint[] | undefined {
  if (fundedBefore) {
    const enrollment = n1 === n0 ? 0n : (n1 - n0) * rates.basePerStudent;
    if (fundedAfter) {
      if (n1 === 0n) return enrollment === 0n ? undefined : [enrollment, 0n, 0n, 0n, 0n];
      const standard = rates.standard === 0n ? 0n : n1 * rates.standard;
      const upliftRate = rates.upliftRate === 0n ? 0n : n1 * rates.upliftRate;
      const upliftAmount = rates.upliftAmount === 0n ? 0n : n1 * rates.upliftAmount;
      return enrollment === 0n && standard === 0n && upliftRate === 0n && upliftAmount === 0n ? undefined : [enrollment, standard, upliftRate, upliftAmount, 0n];
    }
    const coverage = -n1 * rates.basePerStudent;
    return enrollment === 0n && coverage === 0n ? undefined : [enrollment, 0n, 0n, 0n, coverage];
  }
  if (!fundedAfter) return undefined;
  const coverage = n1 * rates.newPerStudent;
  return coverage === 0n ? undefined : [0n, 0n, 0n, 0n, coverage];
}

/**
 * Calls `visit(baseIndex, newIndex)` for each (major, class type) key of a school over both enrolments (−1 where a
 * side lacks the line): the base's lines in input order, then the lines only the new enrolment has. Lines whose key is
 * −1 (no rule set knows the major) are skipped. When both list the same keys in the same order (always for a rule
 * change, usually year on year) no lookup is needed; otherwise `slots` (keyCount entries, all −1, left so) is used.
 */
export function forEachPair(baseKeys: Int32Array, baseIndexes: readonly number[], newKeys: Int32Array, newIndexes: readonly number[], slots: Int32Array, visit: (baseIndex: number, newIndex: number) => void): void {
  const count = baseIndexes.length;
  let aligned = count === newIndexes.length;
  for (let k = 0; aligned && k < count; k++) aligned = baseKeys[baseIndexes[k]!] === newKeys[newIndexes[k]!];
  if (aligned) {
    for (let k = 0; k < count; k++) if (baseKeys[baseIndexes[k]!]! >= 0) visit(baseIndexes[k]!, newIndexes[k]!);
    return;
  }
  for (const j of newIndexes) {
    const key = newKeys[j]!;
    // A repeated line (the readers refuse them) keeps its first occurrence in the slot; the others go unmatched.
    if (key >= 0 && slots[key] === -1) slots[key] = j;
  }
  // A matched slot holds −3 − j, so the new side's loop can tell its matched line from a repeat of it.
  for (const i of baseIndexes) {
    const key = baseKeys[i]!;
    if (key < 0) continue;
    const j = slots[key]!;
    if (j >= 0) slots[key] = -3 - j;
    visit(i, j >= 0 ? j : -1);
  }
  for (const j of newIndexes) {
    const key = newKeys[j]!;
    if (key >= 0 && slots[key] !== -3 - j) visit(-1, j);
  }
  for (const j of newIndexes) if (newKeys[j]! >= 0) slots[newKeys[j]!] = -1;
}

import { Decimal } from './decimal';
import { toScaledInteger } from './fixed';
import { CLASS_TYPES, type ClassType, type RuleSet } from './ruleset';
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
}

interface DecimalRates {
  base?: CompiledStandard;
  next?: CompiledStandard;
  values: [basePerStudent: Decimal, newPerStudent: Decimal, standard: Decimal, upliftRate: Decimal, upliftAmount: Decimal];
}

export class EffectRateTable {
  /** Decimal places of the per-student rates; a line effect has two more (students have 2). */
  readonly places: number;
  private readonly rates = new Map<string, Map<ClassType, EffectRates>>();

  /**
   * Every major of either rule set with every class type that has a band in either: a few hundred entries, so the
   * common scale is known before any line is read. `places` is at least `minimumPlaces`.
   */
  constructor(baseBook: StandardBook, newBook: StandardBook, minimumPlaces: number) {
    const majors = new Set([...baseBook.rules.majors, ...newBook.rules.majors].map((major) => major.code));
    const standardOf = (book: StandardBook, major: string, classType: ClassType) => (book.hasMajor(major) && hasBand(book.rules, classType) ? book.standardFor(major, classType) : undefined);
    const decimals: [string, ClassType, DecimalRates][] = [];
    let places = minimumPlaces;
    for (const major of majors) {
      for (const classType of CLASS_TYPES) {
        const rates = decimalRates(standardOf(baseBook, major, classType), standardOf(newBook, major, classType));
        if (!rates) continue;
        for (const value of rates.values) places = Math.max(places, value.decimalPlaces());
        decimals.push([major, classType, rates]);
      }
    }
    this.places = places;
    for (const [major, classType, { base, next, values }] of decimals) {
      const [basePerStudent, newPerStudent, standard, upliftRate, upliftAmount] = values.map((value) => toScaledInteger(value, places)) as [bigint, bigint, bigint, bigint, bigint];
      let byClass = this.rates.get(major);
      if (!byClass) this.rates.set(major, (byClass = new Map()));
      byClass.set(classType, { ...(base ? { base } : {}), ...(next ? { next } : {}), basePerStudent, newPerStudent, standard, upliftRate, upliftAmount });
    }
  }

  /** Undefined when neither rule set has a standard for the pair (the major or the band is missing in both). */
  get(majorCode: string, classType: ClassType): EffectRates | undefined {
    return this.rates.get(majorCode)?.get(classType);
  }
}

function hasBand(rules: RuleSet, classType: ClassType): boolean {
  return rules.classBands.some((band) => band.classType === classType);
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

import { Decimal } from './decimal';
import { coded, type Coded } from './problems';
import type { AppliedUplift, PerStudentDerivation, RuleSources } from './result';
import type { ClassBand, ClassType, Major, RuleSet, SchoolType, Uplift } from './ruleset';

/** A per-student derivation with its exact amount kept as a Decimal for the engine. */
export interface CompiledStandard extends PerStudentDerivation {
  perStudentExact: Decimal;
}

/**
 * Derives per-student amounts (SPEC §3 steps 3–6) from a validated rule set. Each distinct
 * (major, class type) is computed once and cached, since thousands of lines share it.
 */
export class StandardBook {
  private readonly majors: Map<string, Major>;
  private readonly bands: Map<ClassType, ClassBand>;
  /** major code → class type → derivation; two levels, so a lookup per line builds no key string. */
  private readonly cache = new Map<string, Map<ClassType, CompiledStandard>>();
  private unpadded: Map<string, string | null> | undefined;
  private readonly refusals = new Map<ClassType, Map<SchoolType, Coded | undefined>>();

  constructor(readonly rules: RuleSet) {
    this.majors = new Map(rules.majors.map((major) => [major.code, major]));
    this.bands = new Map(rules.classBands.map((band) => [band.classType, band]));
  }

  hasMajor(code: string): boolean {
    return this.majors.has(code);
  }

  /** The rule set's major that `code` is with its leading zeros put back ("105" → "0105"), if exactly one is. */
  majorWithLeadingZeros(code: string): string | undefined {
    if (!/^[1-9]\d*$/.test(code)) return undefined;
    this.unpadded ??= unpaddedCodes(this.majors.keys());
    return this.unpadded.get(code) ?? undefined;
  }

  /** Why a class type may not be funded at a school type, or undefined when it may; asked once per line. */
  bandRefusal(classType: ClassType, schoolType: SchoolType): Coded | undefined {
    let bySchoolType = this.refusals.get(classType);
    if (!bySchoolType) this.refusals.set(classType, (bySchoolType = new Map()));
    if (!bySchoolType.has(schoolType)) bySchoolType.set(schoolType, this.refusal(classType, schoolType));
    return bySchoolType.get(schoolType);
  }

  private refusal(classType: ClassType, schoolType: SchoolType): Coded | undefined {
    const band = this.bands.get(classType);
    if (!band) return coded('class_band_missing', { classType });
    if (band.schoolTypes && !band.schoolTypes.includes(schoolType)) {
      return coded('class_type_not_at_school_type', { classType, band: band.name, schoolTypes: band.schoolTypes, schoolType });
    }
    return undefined;
  }

  standardFor(majorCode: string, classType: ClassType): CompiledStandard {
    let byClass = this.cache.get(majorCode);
    if (!byClass) this.cache.set(majorCode, (byClass = new Map()));
    let standard = byClass.get(classType);
    if (!standard) {
      standard = this.derive(majorCode, classType);
      byClass.set(classType, standard);
    }
    return standard;
  }

  private derive(majorCode: string, classType: ClassType): CompiledStandard {
    const major = this.majors.get(majorCode)!;
    const category = this.rules.categories.find((c) => c.code === major.category)!;
    const tier = this.rules.tiers.find((t) => t.code === category.tier)!;
    const band = this.bands.get(classType)!;

    const base = new Decimal(category.perStudent ?? tier.perStudent);
    const tierStandard = band.perStudentByTier?.[tier.code];
    const factor = new Decimal(band.factor ?? '1');
    const banded = tierStandard !== undefined ? new Decimal(tierStandard) : base.times(factor);

    const matching = this.rules.uplifts.filter((uplift) => upliftMatches(uplift, major));
    const rates = matching.filter((u) => u.rate !== undefined).map((u) => new Decimal(u.rate!));
    const uncapped = combineRates(rates, this.rules.upliftPolicy.combine);
    const cap = this.rules.upliftPolicy.cap;
    const rate = cap !== undefined ? Decimal.min(uncapped, new Decimal(cap)) : uncapped;
    const amount = matching
      .filter((u) => u.amountPerStudent !== undefined)
      .reduce((sum, u) => sum.plus(u.amountPerStudent!), new Decimal(0));
    const perStudent = banded.times(rate.plus(1)).plus(amount);

    return {
      majorCode,
      majorName: major.name,
      categoryCode: category.code,
      categoryName: category.name,
      tier: tier.code,
      tierName: tier.name,
      baseFrom: category.perStudent !== undefined ? 'category' : 'tier',
      classType,
      band: band.name,
      bandFrom: tierStandard !== undefined ? 'tier' : 'factor',
      ...(tierStandard === undefined ? { bandFactor: factor.toFixed() } : {}),
      baseStandard: base.toFixed(),
      bandedStandard: banded.toFixed(),
      uplifts: matching.map(appliedUplift),
      upliftRate: rate.toFixed(),
      ...(rate.lessThan(uncapped) ? { upliftRateUncapped: uncapped.toFixed() } : {}),
      upliftAmount: amount.toFixed(),
      perStudent: perStudent.toFixed(),
      ...(rates.length >= 2 ? { upliftCombine: this.rules.upliftPolicy.combine } : {}),
      ...ruleSources({ tier: tier.source, category: category.source, major: major.source, band: band.source }),
      perStudentExact: perStudent,
    };
  }
}

/** Codes with leading zeros by their digits without them; null where two codes lose their zeros the same way. */
function unpaddedCodes(codes: Iterable<string>): Map<string, string | null> {
  const byDigits = new Map<string, string | null>();
  for (const code of codes) {
    if (!/^0+\d+$/.test(code)) continue;
    const digits = code.replace(/^0+/, '');
    byDigits.set(digits, byDigits.has(digits) ? null : code);
  }
  return byDigits;
}

export function upliftMatches(uplift: Uplift, major: Major): boolean {
  const { flags = [], majors = [], categories = [] } = uplift.match;
  return (
    majors.includes(major.code) ||
    categories.includes(major.category) ||
    (major.flags ?? []).some((flag) => flags.includes(flag))
  );
}

export function combineRates(rates: Decimal[], mode: 'sum' | 'max' | 'compound'): Decimal {
  if (rates.length === 0) return new Decimal(0);
  if (mode === 'max') return Decimal.max(...rates);
  if (mode === 'compound') return rates.reduce((product, r) => product.times(r.plus(1)), new Decimal(1)).minus(1);
  return rates.reduce((sum, r) => sum.plus(r), new Decimal(0));
}

/** Keeps only the citations the rule set gives, so results without any stay as they were. */
function ruleSources(candidates: RuleSources): { sources?: RuleSources } {
  const present = Object.entries(candidates).filter(([, text]) => text !== undefined);
  return present.length ? { sources: Object.fromEntries(present) as RuleSources } : {};
}

function appliedUplift(uplift: Uplift): AppliedUplift {
  return {
    id: uplift.id,
    name: uplift.name,
    ...(uplift.rate !== undefined ? { rate: uplift.rate } : {}),
    ...(uplift.amountPerStudent !== undefined ? { amountPerStudent: uplift.amountPerStudent } : {}),
    ...(uplift.source !== undefined ? { source: uplift.source } : {}),
  };
}

import type { AppliedUplift, LineResult, PerStudentDerivation, RuleSources } from './result';
import type { ClassType } from './ruleset';

/**
 * A computed line: its own five figures, plus the derivation of its per-student amount, which every line with the
 * same (major, class type) shares by reference instead of copying. A national run has 361k lines but a few hundred
 * derivations, so this halves the result's memory and most of its construction and GC time. Consumers read it as
 * any LineResult; `toJSON` gives the flat shape SPEC §4 lists, so what is stored, sent and exported is unchanged.
 * Use `plainLine` where a plain object is needed (object spread and rest see only own properties).
 */
export class SharedDerivationLine implements LineResult {
  constructor(
    private readonly derivation: PerStudentDerivation,
    readonly row: number,
    readonly students: string,
    readonly entitlement: string,
    readonly allocation: string,
    readonly reason: string | undefined,
  ) {}

  get majorCode(): string { return this.derivation.majorCode; }
  get majorName(): string { return this.derivation.majorName; }
  get categoryCode(): string { return this.derivation.categoryCode; }
  get categoryName(): string { return this.derivation.categoryName; }
  get tier(): string { return this.derivation.tier; }
  get tierName(): string { return this.derivation.tierName; }
  get baseFrom(): 'tier' | 'category' { return this.derivation.baseFrom; }
  get classType(): ClassType { return this.derivation.classType; }
  get band(): string { return this.derivation.band; }
  get bandFrom(): 'factor' | 'tier' { return this.derivation.bandFrom; }
  get bandFactor(): string | undefined { return this.derivation.bandFactor; }
  get baseStandard(): string { return this.derivation.baseStandard; }
  get bandedStandard(): string { return this.derivation.bandedStandard; }
  get uplifts(): AppliedUplift[] { return this.derivation.uplifts; }
  get upliftRate(): string { return this.derivation.upliftRate; }
  get upliftRateUncapped(): string | undefined { return this.derivation.upliftRateUncapped; }
  get upliftAmount(): string { return this.derivation.upliftAmount; }
  get perStudent(): string { return this.derivation.perStudent; }
  get upliftCombine(): 'sum' | 'max' | 'compound' | undefined { return this.derivation.upliftCombine; }
  get sources(): RuleSources | undefined { return this.derivation.sources; }

  toJSON(): LineResult {
    return plainLine(this);
  }
}

/**
 * The line as a plain object, fields in SPEC §4's order. Absent optional fields are undefined, which JSON leaves
 * out, so the JSON is byte for byte what it was when lines were built as plain objects.
 */
export function plainLine(line: LineResult): LineResult {
  const plain: LineResult = {
    row: line.row,
    majorCode: line.majorCode,
    majorName: line.majorName,
    categoryCode: line.categoryCode,
    categoryName: line.categoryName,
    tier: line.tier,
    tierName: line.tierName,
    baseFrom: line.baseFrom,
    classType: line.classType,
    band: line.band,
    bandFrom: line.bandFrom,
    bandFactor: line.bandFactor,
    baseStandard: line.baseStandard,
    bandedStandard: line.bandedStandard,
    uplifts: line.uplifts,
    upliftRate: line.upliftRate,
    upliftRateUncapped: line.upliftRateUncapped,
    upliftAmount: line.upliftAmount,
    perStudent: line.perStudent,
    upliftCombine: line.upliftCombine,
    sources: line.sources,
    students: line.students,
    entitlement: line.entitlement,
    allocation: line.allocation,
  };
  if (line.reason !== undefined) plain.reason = line.reason;
  return plain;
}

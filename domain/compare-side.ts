import { type AllocationCore, type CoreSchool, INELIGIBLE } from './allocation-core';
import { entitlementTexts, lineShares } from './line-figures';
import { excludedLines, summaryFigures } from './allocate';
import type { Units } from './apportion';
import type { ReasonedLine } from './compare-reasons';
import { formatFixed, pow10 } from './fixed';
import type { CompiledStandard } from './standards';

/** One run of the comparison, with its figures brought to the comparison's common scales. */
export class Side {
  readonly byId: Map<string, CoreSchool>;
  readonly figures: ReturnType<typeof summaryFigures>;
  /** The entitlement of the line at an input position, as the run states it. */
  readonly entitlementText: (index: number) => string;
  private allocationFactor = 1n;
  private entitlementFactor = 1n;
  private readonly ineligible = new Map<CompiledStandard, ReasonedLine>();
  /**
   * Every line's allocation summed per standard as schools are entered (the by-category and by-class-type views):
   * whole BigInt units plus a float64 part kept at most 2^53 − 1, where sums of exact integers stay exact.
   */
  private readonly wholeSums: bigint[];
  private readonly partSums: Float64Array;
  /** Standards (by number, core.standardIds) in the order their first line was entered. */
  private readonly summed: number[] = [];
  private readonly isSummed: Uint8Array;
  private shares: Units = [];
  /**
   * Each school's shares once apportioned, when kept: a streamed comparison walks the schools twice (the summary
   * first, the moved lines after), and apportioning every school again cost as much as the first walk.
   */
  private readonly keptShares: Map<CoreSchool, Units> | undefined;
  private readonly positionOf: Int32Array;
  private excludedReasons: Map<number, string> | undefined;

  constructor(
    readonly core: AllocationCore,
    readonly version: number | undefined,
    keepShares = false,
  ) {
    if (keepShares) this.keptShares = new Map();
    this.byId = new Map(core.schools.map((school) => [school.id, school]));
    this.figures = summaryFigures(core);
    this.entitlementText = entitlementTexts(core);
    this.positionOf = new Int32Array(core.enrollment.length);
    this.wholeSums = core.standardList.map(() => 0n);
    this.partSums = new Float64Array(core.standardList.length);
    this.isSummed = new Uint8Array(core.standardList.length);
  }

  alignTo(scale: number, exactScale: number): void {
    this.allocationFactor = pow10(scale - this.core.scale);
    this.entitlementFactor = pow10(exactScale - this.core.exactScale);
  }

  /** An allocation at the comparison's scale. */
  allocation(units: bigint): bigint {
    // Usually both runs have the same scales; multiplying by 1n would still allocate a BigInt per line.
    return this.allocationFactor === 1n ? units : units * this.allocationFactor;
  }

  /**
   * Apportions a school's allocation over its lines on this side, and adds them to the per-standard sums.
   * `lineAllocation` answers for the lines of the school entered last. A school entered again (its shares kept)
   * only becomes the current one: it is in the sums already.
   */
  enterSchool(school: CoreSchool | undefined): void {
    if (!school) return;
    const kept = this.keptShares?.get(school);
    if (kept) {
      this.shares = kept;
      return;
    }
    const shares = (this.shares = lineShares(this.core, school));
    this.keptShares?.set(school, shares);
    const floats = shares instanceof Float64Array && this.allocationFactor === 1n;
    const { indexes } = school;
    const { standardIds } = this.core;
    const { partSums, isSummed } = this;
    for (let position = 0; position < indexes.length; position++) {
      const index = indexes[position]!;
      this.positionOf[index] = position;
      const id = standardIds[index]!;
      if (!isSummed[id]) {
        isSummed[id] = 1;
        this.summed.push(id);
      }
      const share = shares[position]!;
      const part = partSums[id]!;
      if (floats && part + (share as number) <= Number.MAX_SAFE_INTEGER) partSums[id] = part + (share as number);
      else this.wholeSums[id] = this.wholeSums[id]! + this.allocation(BigInt(share));
    }
  }

  allocationByStandard(): Map<CompiledStandard, bigint> {
    return new Map(this.summed.map((id) => [this.core.standardList[id]!, this.wholeSums[id]! + BigInt(this.partSums[id]!)]));
  }

  /**
   * The line's allocation at the comparison's scale: the float64 share itself when it is one (an exact integer) and
   * needs no scaling, since BigInt(number) costs a runtime call per line.
   */
  lineAllocation(index: number): bigint | number {
    const share = this.shares[this.positionOf[index]!]!;
    return typeof share === 'number' && this.allocationFactor === 1n ? share : this.allocation(BigInt(share));
  }

  /** Whether both runs give the line the same allocation; float64 shares are exact integers, compared as they are. */
  static sameAllocation(base: Side, candidate: Side, index: number): boolean {
    const a = base.lineAllocation(index);
    const b = candidate.lineAllocation(index);
    return typeof a === typeof b ? a === b : BigInt(a) === BigInt(b);
  }

  lineEntitlement(index: number): bigint {
    const units = this.core.lineEntitlements[index]!;
    return this.entitlementFactor === 1n ? units : units * this.entitlementFactor;
  }

  /** What the reasons read: the standard, marked ineligible where the school is not funded (one object per standard). */
  reasoned(standard: CompiledStandard, eligible: boolean): ReasonedLine {
    if (eligible) return standard;
    let line = this.ineligible.get(standard);
    if (!line) this.ineligible.set(standard, (line = { ...standard, reason: INELIGIBLE }));
    return line;
  }

  /** Why this run left the line out: the excluded line's reason (a RowReason). */
  excludedBecause(row: number): string | undefined {
    this.excludedReasons ??= new Map(excludedLines(this.core.rowProblems, this.core.enrollment).map((e) => [e.row, e.reason]));
    return this.excludedReasons.get(row);
  }

  excludedCount(): number {
    return new Set(this.core.rowProblems.map((problem) => problem.row)).size;
  }
}

/** The scale of the comparison's money: the finer of the two runs' rounding scales. */
export function moneyScale(base: Side, candidate: Side): number {
  return Math.max(base.core.scale, candidate.core.scale);
}

/** Brings both sides to the comparison's common scales; the money text of units at that scale. */
export function aligned(base: Side, candidate: Side): (units: bigint | number) => string {
  const scale = moneyScale(base, candidate);
  const exactScale = Math.max(base.core.exactScale, candidate.core.exactScale);
  base.alignTo(scale, exactScale);
  candidate.alignTo(scale, exactScale);
  return (units) => formatFixed(units, scale);
}

/** after − before, exactly: two float64 allocations are integers below 2^53, so is their difference. */
export function unitsDifference(after: bigint | number, before: bigint | number): bigint | number {
  return typeof after === 'number' && typeof before === 'number' ? after - before : BigInt(after) - BigInt(before);
}

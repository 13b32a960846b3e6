import { computeAllocation, type AllocateInput, type AllocationCore } from './allocation-core';
import { summaryFigures } from './allocate';
import { byClassTypeOrder, byCode, GroupSums, lineEffectTexts, mostAffected } from './attribution-aggregate';
import { EffectRateTable, effectsOf, forEachPair, type EffectRates } from './attribution-lines';
import { RunSide, type AttributionRun, type Identity } from './attribution-side';
import type { Attribution, AttributionLine, AttributionSchool, NotFundedReason } from './attribution-types';
import { lineReasoner, type LineMoves } from './compare-reasons';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { compareCodePoints, formatExact, formatFixed, pow10 } from './fixed';
import type { ClassType } from './labels';
import { percentOf } from './money-text';
import type { Coded, Problem } from './problems';

export * from './attribution-types';
export type { AttributionRun } from './attribution-side';

/*
 * How callers use it (API, console, CLI, plans):
 * - `attribute({ base, new })` with two `allocate` inputs (rule set, lines, envelope, baseline…) → `Attribution`:
 *   `totals` (base/new allocation, change, the seven `effects`), `schools[]` by schoolId with their `effects` and the
 *   `lines[]` that moved, `byCategory`, `byClassType`, `mostAffected[effect]`, `warnings` (codes).
 *   A waterfall is totals.baseAllocation, then each of EFFECTS in order, ending at totals.newAllocation (the same per
 *   school with baseAllocation, effects, newAllocation).
 * - `attributeRuns(base, new)` when the two AllocationCores are already computed.
 * - Words: effect names by EFFECT_CODES / messages/attribution-text.ts `effectName`; a line's effects in words by
 *   `attributionExplainer(baseRules, newRules)(line)` (domain/attribution-explain.ts, codes and parameters) rendered
 *   with `renderLineEffect(explanation, lang)`; a school's protection and envelope effects by `explainSchoolEffects(school)`
 *   and `renderSchoolEffect`.
 * - Refusals: `{ ok: false, side: 'base' | 'new', problems, rowProblems }` when a run cannot be computed, and without
 *   `side` (codes attribution_currency_mismatch, attribution_scale_mismatch) when the two cannot be compared.
 */

/** The two runs' inputs, each exactly what `allocate` takes: rule set, enrolment, envelope, baseline (§7). */
export interface AttributeInput {
  base: AllocateInput;
  new: AllocateInput;
}

export type AttributeOutcome =
  | { ok: true; attribution: Attribution }
  /** `side` names the run that refused its input; absent when the two runs cannot be compared with each other. */
  | { ok: false; side?: 'base' | 'new'; problems: Problem[]; rowProblems: RowProblem[] };

/**
 * Why each school's allocation changed (SPEC §9): computes both runs from their inputs and splits every school's
 * A¹ − A⁰ exactly into the seven effects. The entry point for the API, the CLI and plans.
 */
export function attribute(input: AttributeInput): AttributeOutcome {
  const base = computeAllocation(input.base);
  if (!base.ok) return { ok: false, side: 'base', problems: base.problems, rowProblems: base.rowProblems };
  const next = computeAllocation(input.new);
  if (!next.ok) return { ok: false, side: 'new', problems: next.problems, rowProblems: next.rowProblems };
  return attributeRuns(attributionRun(base.core, input.base), attributionRun(next.core, input.new));
}

/** A computed run as attribution reads it; its P comes from the run's own protection (SPEC §7) where it applied. */
export function attributionRun(core: AllocationCore, input: Pick<AllocateInput, 'readerProblems' | 'ruleSetVersion'>): AttributionRun {
  return {
    core,
    ...(input.readerProblems ? { readerProblems: input.readerProblems } : {}),
    ...(input.ruleSetVersion !== undefined ? { ruleSetVersion: input.ruleSetVersion } : {}),
  };
}

/** The same from two runs already computed (a plan's consecutive years, a stored run and a simulation). */
export function attributeRuns(baseRun: AttributionRun, newRun: AttributionRun): AttributeOutcome {
  const problems = incomparable(baseRun.core, newRun.core);
  if (problems.length) return { ok: false, problems, rowProblems: [] };
  return { ok: true, attribution: new Attributor(new RunSide(baseRun), new RunSide(newRun)).attribution() };
}

/** Amounts in different currencies or rounded to different scales do not subtract into one change. */
function incomparable(base: AllocationCore, next: AllocationCore): Problem[] {
  const problems: Problem[] = [];
  if (base.rules.currency !== next.rules.currency) {
    const params = { base: base.rules.currency, new: next.rules.currency };
    problems.push({ path: 'new.rules.currency', code: 'attribution_currency_mismatch', params });
  }
  if (base.scale !== next.scale) {
    const params = { base: base.scale, new: next.scale };
    problems.push({ path: 'new.rules.rounding.scale', code: 'attribution_scale_mismatch', params });
  }
  return problems;
}

/** Every attributed line moved its entitlement (the reasons then never add the envelope's share reason). */
const MOVED: LineMoves = { entitlementMoved: true, allocationMoved: true };

/**
 * Walks the schools of both runs in schoolId order and each school's lines matched on (major, class type). Every
 * amount is BigInt units of 10^-scale yuan, one scale for all, so the effects add up exactly; each school's line
 * effects are checked against E¹ − E⁰ as computed by the engine before anything is written.
 */
class Attributor {
  private readonly rates: EffectRateTable;
  /** Every amount's scale: 2 (students) + the per-student rates' places, at least the runs' own scales. */
  private readonly scale: number;
  private readonly baseFactor: { entitlement: bigint; allocation: bigint };
  private readonly newFactor: { entitlement: bigint; allocation: bigint };
  private readonly reasonsFor: ReturnType<typeof lineReasoner>;
  /** forEachPair's scratch table, one slot per key. */
  private readonly slots: Int32Array;

  constructor(
    private readonly base: RunSide,
    private readonly next: RunSide,
  ) {
    const runScales = Math.max(base.core.exactScale, next.core.exactScale, base.core.scale, next.core.scale);
    this.rates = new EffectRateTable(base.book, next.book, Math.max(0, runScales - 2));
    this.scale = this.rates.places + 2;
    for (const side of [base, next]) {
      // A loop, not Int32Array.from(lines, f): V8 runs that through the iterator protocol, ten times slower.
      const { lines } = side.core;
      side.keys = new Int32Array(lines.length);
      for (let i = 0; i < lines.length; i++) side.keys[i] = this.rates.keyOf(lines[i]!);
    }
    this.slots = new Int32Array(this.rates.keyCount).fill(-1);
    const factors = (core: AllocationCore) => ({ entitlement: pow10(this.scale - core.exactScale), allocation: pow10(this.scale - core.scale) });
    this.baseFactor = factors(base.core);
    this.newFactor = factors(next.core);
    const [baseFigures, newFigures] = [summaryFigures(base.core), summaryFigures(next.core)];
    this.reasonsFor = lineReasoner({
      baseRules: base.core.rules,
      candidateRules: next.core.rules,
      baseScaled: base.core.envelopeScaled,
      candidateScaled: next.core.envelopeScaled,
      baseScaleFactor: baseFigures.scaleFactor,
      candidateScaleFactor: newFigures.scaleFactor,
    });
  }

  /** An effect as text: exact, trailing zeros dropped, "0" when none. */
  private text = (units: bigint): string => (units === 0n ? '0' : formatExact(units, this.scale));

  attribution(): Attribution {
    const { base, next } = this;
    const ids = [...new Set([...base.schools.keys(), ...next.schools.keys()])].sort(compareCodePoints);
    const schools: AttributionSchool[] = [];
    const schoolEffects: bigint[][] = [];
    const changes: bigint[] = [];
    const totals = [0n, 0n, 0n, 0n, 0n, 0n, 0n];
    let linesAttributed = 0;
    for (const id of ids) {
      const { school, effects, change } = this.school(id);
      schools.push(school);
      schoolEffects.push(effects);
      changes.push(change);
      for (let e = 0; e < effects.length; e++) totals[e]! += effects[e]!;
      linesAttributed += school.lines.length;
    }
    const allocationScale = base.core.scale;
    const [baseTotal, newTotal] = [base.core.totalAllocation, next.core.totalAllocation];
    const change = formatFixed(newTotal - baseTotal, allocationScale);
    return {
      summary: {
        base: base.head(),
        new: next.head(),
        schools: schools.length,
        schoolsGaining: changes.filter((c) => c > 0n).length,
        schoolsLosing: changes.filter((c) => c < 0n).length,
        schoolsUnchanged: changes.filter((c) => c === 0n).length,
        linesAttributed,
      },
      totals: {
        baseAllocation: formatFixed(baseTotal, allocationScale),
        newAllocation: formatFixed(newTotal, allocationScale),
        change,
        changePercent: percentOf(change, formatFixed(baseTotal, allocationScale)),
        effects: this.effectTexts(totals),
      },
      schools,
      ...this.groups(),
      mostAffected: mostAffected(schools, schoolEffects, this.text),
      warnings: this.warnings(),
    };
  }

  /** Lines of one (major, class type) share a category and a class type: their sums are folded into the groups. */
  private groups(): Pick<Attribution, 'byCategory' | 'byClassType'> {
    const byCategory = new GroupSums<string>();
    const byClassType = new GroupSums<ClassType>();
    for (const rates of this.rates.all()) {
      if (rates.sums.every((sum) => sum === 0n)) continue;
      const standard = (rates.next ?? rates.base)!;
      byCategory.add(standard.categoryCode, standard.categoryName, rates.sums);
      byClassType.add(standard.classType, '', rates.sums);
    }
    return {
      byCategory: byCategory.rows(byCode, this.text).map(({ key, name, group }) => ({ categoryCode: key, categoryName: name, ...group })),
      byClassType: byClassType.rows(byClassTypeOrder, this.text).map(({ key, group }) => ({ classType: key, ...group })),
    };
  }

  private effectTexts(units: readonly bigint[]): AttributionSchool['effects'] {
    return { ...lineEffectTexts(units, this.text), protection: this.text(units[5]!), envelope: this.text(units[6]!) };
  }

  private school(id: string): { school: AttributionSchool; effects: bigint[]; change: bigint } {
    const { base, next } = this;
    const enrolledBefore = base.schools.get(id);
    const enrolledAfter = next.schools.get(id);
    // §9: a side without the school judges its lines by the school's type and ownership on the other side.
    const baseIdentity = base.identity((enrolledBefore ?? enrolledAfter)!.first);
    const newIdentity = next.identity((enrolledAfter ?? enrolledBefore)!.first);
    const sums = [0n, 0n, 0n, 0n, 0n];
    const lines: AttributionLine[] = [];
    const visit = (baseIndex: number, newIndex: number) => {
      const line = this.line(baseIndex, newIndex, baseIdentity, newIdentity, sums);
      if (line) lines.push(line);
    };
    forEachPair(base.keys, enrolledBefore?.indexes ?? [], next.keys, enrolledAfter?.indexes ?? [], this.slots, visit);

    const before = base.coreSchools.get(id);
    const after = next.coreSchools.get(id);
    const [e0, e1] = [before ? before.school.entitlement * this.baseFactor.entitlement : 0n, after ? after.school.entitlement * this.newFactor.entitlement : 0n];
    const [p0, p1] = [before ? base.protectedEntitlement(before) * this.baseFactor.entitlement : 0n, after ? next.protectedEntitlement(after) * this.newFactor.entitlement : 0n];
    const [a0, a1] = [before?.school.allocation ?? 0n, after?.school.allocation ?? 0n];
    const lineTotal = sums.reduce((sum, value) => sum + value, 0n);
    if (lineTotal !== e1 - e0) throw new Error(`internal: school ${id}'s line effects (${this.text(lineTotal)}) differ from E¹ − E⁰ (${this.text(e1 - e0)})`);
    const effects = [...sums, p1 - e1 - (p0 - e0), a1 * this.newFactor.allocation - p1 - (a0 * this.baseFactor.allocation - p0)];
    const scale = base.core.scale;
    const change = formatFixed(a1 - a0, scale);
    const identity = newIdentity.line;
    return {
      effects,
      change: a1 - a0,
      school: {
        schoolId: id,
        schoolName: identity.schoolName,
        schoolType: identity.schoolType,
        ownership: identity.ownership,
        baseEntitlement: before ? formatExact(before.school.entitlement, base.core.exactScale) : '0',
        newEntitlement: after ? formatExact(after.school.entitlement, next.core.exactScale) : '0',
        baseProtected: this.text(p0),
        newProtected: this.text(p1),
        baseAllocation: formatFixed(a0, scale),
        newAllocation: formatFixed(a1, scale),
        change,
        changePercent: percentOf(change, formatFixed(a0, scale)),
        effects: this.effectTexts(effects),
        lines,
      },
    };
  }

  /** One matched line's five effects (§9's table), added to `sums`; a line object only when one is not zero. */
  private line(baseIndex: number, newIndex: number, baseIdentity: Identity, newIdentity: Identity, sums: bigint[]): AttributionLine | undefined {
    const { base, next } = this;
    const before = baseIndex >= 0 ? base.core.lines[baseIndex]! : undefined;
    const after = newIndex >= 0 ? next.core.lines[newIndex]! : undefined;
    const rates = this.rates.get(baseIndex >= 0 ? base.keys[baseIndex]! : next.keys[newIndex]!);
    // Neither rule set has a band for the class type: no side funds it, every effect is 0.
    if (!rates) return undefined;
    const baseWhy = base.notFunded(rates.baseRefusal, baseIdentity);
    const newWhy = next.notFunded(rates.newRefusal, newIdentity);
    const n0 = before ? base.students(baseIndex) : 0n;
    const n1 = after ? next.students(newIndex) : 0n;
    const effects = effectsOf(rates, baseWhy === undefined, newWhy === undefined, n0, n1);
    if (effects === undefined) return undefined;
    for (let e = 0; e < 5; e++) {
      // Most of a line's effects are 0; a BigInt sum would still allocate.
      const effect = effects[e]!;
      if (effect === 0n) continue;
      sums[e]! += effect;
      rates.sums[e]! += effect;
    }
    const standard = (rates.next ?? rates.base)!;
    const line: AttributionLine = {
      majorCode: standard.majorCode,
      majorName: standard.majorName,
      categoryCode: standard.categoryCode,
      categoryName: standard.categoryName,
      classType: standard.classType,
      baseRow: before ? before.row : null,
      newRow: after ? after.row : null,
      baseStudents: before ? before.students : '0',
      newStudents: after ? after.students : '0',
      basePerStudent: baseWhy === undefined ? rates.base!.perStudent : null,
      newPerStudent: newWhy === undefined ? rates.next!.perStudent : null,
      effects: lineEffectTexts(effects, this.text),
      reasons: this.reasons(rates, baseWhy, newWhy, (after ?? before)!, baseIdentity, newIdentity),
    };
    if (baseWhy) line.baseNotFunded = baseWhy;
    if (newWhy) line.newNotFunded = newWhy;
    return line;
  }

  /** The §5 reasons; a side whose rules have no standard for the line or refuse its band says why, as its run does. */
  private reasons(rates: EffectRates, baseWhy: NotFundedReason | undefined, newWhy: NotFundedReason | undefined, line: EnrollmentLine, baseIdentity: Identity, newIdentity: Identity) {
    const before = this.base.reasoned(rates.base, baseWhy);
    const after = this.next.reasoned(rates.next, newWhy);
    const excludedBecause = !before ? this.base.excludedBecause(line, baseIdentity) : !after ? this.next.excludedBecause(line, newIdentity) : undefined;
    return this.reasonsFor(before, after, excludedBecause === undefined ? MOVED : { ...MOVED, excludedBecause });
  }

  private warnings(): Coded[] {
    const excluded = (side: RunSide) => new Set(side.core.rowProblems.map((problem) => problem.row)).size;
    const [base, next] = [excluded(this.base), excluded(this.next)];
    return base || next ? [{ code: 'attribution_lines_excluded', params: { base, new: next } }] : [];
  }
}


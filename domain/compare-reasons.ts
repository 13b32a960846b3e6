import { Decimal } from './decimal';
import type { MessageParams } from './problems';
import type { AppliedUplift, PerStudentDerivation } from './result';

/** What the reasons read of a line: its per-student derivation and, when it gets nothing by rule, why. */
export type ReasonedLine = PerStudentDerivation & { reason?: string };
import type { RuleSet } from './ruleset';

/** Why one enrolment line's figure differs between the base and the candidate run (SPEC §5). */
export type LineReasonCode =
  | 'line_included'
  | 'line_excluded'
  | 'eligibility_changed'
  | 'category_changed'
  | 'tier_changed'
  | 'base_standard_changed'
  | 'band_factor_changed'
  | 'band_tier_standard_changed'
  | 'uplift_added'
  | 'uplift_removed'
  | 'uplift_rate_changed'
  | 'uplift_amount_changed'
  | 'uplift_combine_changed'
  | 'cap_now_binding'
  | 'cap_no_longer_binding'
  | 'cap_changed'
  | 'per_student_changed'
  | 'envelope_scaling'
  | 'protection_share'
  | 'rounding_share';

/**
 * One reason, as a code and the parameters its text needs (messages/compare.ts renders it). `subject`, `before`
 * and `after` are the machine-readable gist: an uplift id, a tier or category code, a class type; old and new values.
 */
export interface LineReason {
  code: LineReasonCode;
  subject?: string;
  before?: string;
  after?: string;
  params?: MessageParams;
}

export interface ReasonContext {
  baseRules: RuleSet;
  candidateRules: RuleSet;
  /** Whether an envelope scaled the allocations of that run (some school got other than round(E)). */
  baseScaled: boolean;
  candidateScaled: boolean;
  baseScaleFactor: string | null;
  candidateScaleFactor: string | null;
  /** Whether year-on-year protection applied to that run (SPEC §7): a school's floor or cap moves shares too. */
  baseProtected?: boolean;
  candidateProtected?: boolean;
}

const reason = (code: LineReasonCode, params: MessageParams | undefined, detail: Omit<LineReason, 'code' | 'params'> = {}): LineReason => ({
  code,
  ...detail,
  ...(params ? { params } : {}),
});

export interface LineMoves {
  entitlementMoved: boolean;
  allocationMoved: boolean;
  /** Why the line is missing from the run that lacks it: the excluded line's reason (a RowReason). */
  excludedBecause?: string;
}

/**
 * Names every rule change behind a line's move, in the order the calculation applies them:
 * presence and eligibility, category and tier, base standard, band, uplifts, cap; and when the
 * entitlement did not move at all, the envelope share or the school's rounding remainder.
 * Rule reasons depend only on the two derivations and eligibility, which thousands of lines share,
 * so they are computed once per (major, class type, eligibility) and reused.
 */
export function lineReasoner(context: ReasonContext): (base: ReasonedLine | undefined, candidate: ReasonedLine | undefined, moves: LineMoves) => LineReason[] {
  // Keyed by the objects themselves: callers pass one object per (standard, eligibility).
  const cache = new Map<ReasonedLine, Map<ReasonedLine, LineReason[]>>();
  const sharedWithShare = new Map<LineReason[], LineReason[]>();
  let share: LineReason | undefined;
  return (base, candidate, moves) => {
    if (!base || !candidate) return [presenceReason(base !== undefined, moves.excludedBecause)];
    let byCandidate = cache.get(base);
    if (!byCandidate) cache.set(base, (byCandidate = new Map()));
    let reasons = byCandidate.get(candidate);
    if (!reasons) byCandidate.set(candidate, (reasons = ruleReasons(base, candidate, context)));
    if (!moves.entitlementMoved && moves.allocationMoved) {
      // Rule changes that left the entitlement where it was (e.g. a rate raised above a binding cap) did not move the line.
      // The share reason depends only on the two runs, so it is made once, and so is each list that ends with it.
      let withShare = sharedWithShare.get(reasons);
      if (!withShare) sharedWithShare.set(reasons, (withShare = [...reasons, (share ??= shareReason(context))]));
      return withShare;
    }
    return reasons;
  };
}

function presenceReason(inBase: boolean, excludedBecause: string | undefined): LineReason {
  return reason(inBase ? 'line_excluded' : 'line_included', { reason: excludedBecause ?? 'not_computed' });
}

function ruleReasons(base: ReasonedLine, candidate: ReasonedLine, context: ReasonContext): LineReason[] {
  const reasons: LineReason[] = [];
  const baseEligible = base.reason === undefined;
  const candidateEligible = candidate.reason === undefined;
  if (baseEligible !== candidateEligible) {
    reasons.push(
      candidateEligible
        ? reason('eligibility_changed', { eligible: true }, { before: 'ineligible', after: 'eligible' })
        : reason('eligibility_changed', { eligible: false }, { before: 'eligible', after: 'ineligible' }),
    );
  }
  reasons.push(...standardReasons(base, candidate), ...upliftReasons(base, candidate, context), ...capReasons(base, candidate));
  if (reasons.length === 0 && !new Decimal(base.perStudent).equals(candidate.perStudent)) {
    reasons.push(reason('per_student_changed', { before: base.perStudent, after: candidate.perStudent }, { before: base.perStudent, after: candidate.perStudent }));
  }
  return reasons;
}

function shareReason(context: ReasonContext): LineReason {
  if (context.baseScaled || context.candidateScaled) {
    const factor = (value: string | null) => value ?? '—';
    const moved = { before: factor(context.baseScaleFactor), after: factor(context.candidateScaleFactor) };
    return reason('envelope_scaling', moved, moved);
  }
  if (context.baseProtected || context.candidateProtected) return reason('protection_share', undefined);
  return reason('rounding_share', undefined);
}

function standardReasons(base: ReasonedLine, candidate: ReasonedLine): LineReason[] {
  const reasons: LineReason[] = [];
  if (base.categoryCode !== candidate.categoryCode) {
    reasons.push(
      reason('category_changed', { beforeName: base.categoryName, before: base.categoryCode, afterName: candidate.categoryName, after: candidate.categoryCode }, {
        subject: base.majorCode,
        before: base.categoryCode,
        after: candidate.categoryCode,
      }),
    );
  }
  if (base.tier !== candidate.tier) {
    reasons.push(
      reason('tier_changed', { category: candidate.categoryName, beforeName: base.tierName, before: base.tier, afterName: candidate.tierName, after: candidate.tier }, {
        subject: candidate.categoryCode,
        before: base.tier,
        after: candidate.tier,
      }),
    );
  }
  const baseStandardMoved = !new Decimal(base.baseStandard).equals(candidate.baseStandard) || base.baseFrom !== candidate.baseFrom;
  // A per-tier band standard ignores the base standard, so its change would name a figure that did not count.
  const baseStandardCounts = base.bandFrom === 'factor' || candidate.bandFrom === 'factor';
  if (baseStandardMoved && baseStandardCounts) {
    reasons.push(
      reason(
        'base_standard_changed',
        { before: base.baseStandard, beforeFrom: base.baseFrom, beforeTier: base.tierName, after: candidate.baseStandard, afterFrom: candidate.baseFrom, afterTier: candidate.tierName },
        {
          subject: candidate.categoryCode,
          before: base.baseStandard,
          after: candidate.baseStandard,
        },
      ),
    );
  }
  const bandTerm = (line: ReasonedLine) => ({ from: line.bandFrom, tier: line.tierName, value: line.bandFrom === 'tier' ? line.bandedStandard : (line.bandFactor ?? '1') });
  const before = bandTerm(base);
  const after = bandTerm(candidate);
  const bothPerTier = base.bandFrom === 'tier' && candidate.bandFrom === 'tier';
  if (bothPerTier ? !new Decimal(before.value).equals(after.value) : base.bandFrom !== candidate.bandFrom || !new Decimal(before.value).equals(after.value)) {
    reasons.push(
      reason(
        bothPerTier ? 'band_tier_standard_changed' : 'band_factor_changed',
        { band: candidate.band, classType: candidate.classType, beforeFrom: before.from, beforeTier: before.tier, before: before.value, afterFrom: after.from, afterTier: after.tier, after: after.value },
        {
          subject: candidate.classType,
          before: before.value,
          after: after.value,
        },
      ),
    );
  }
  return reasons;
}

/** An uplift as a reason names it: its name and id, and its rate or its amount per student. */
function upliftParams(uplift: AppliedUplift): MessageParams {
  return uplift.rate !== undefined ? { name: uplift.name, id: uplift.id, rate: uplift.rate } : { name: uplift.name, id: uplift.id, amount: uplift.amountPerStudent ?? '0' };
}

function upliftReasons(base: ReasonedLine, candidate: ReasonedLine, context: ReasonContext): LineReason[] {
  const reasons: LineReason[] = [];
  const before = new Map(base.uplifts.map((u) => [u.id, u]));
  const after = new Map(candidate.uplifts.map((u) => [u.id, u]));
  // When the cap binds on both sides the combined rate is the cap either way: rate changes did not count here.
  const ratesMasked = base.upliftRateUncapped !== undefined && candidate.upliftRateUncapped !== undefined;
  const counts = (uplift: AppliedUplift) => uplift.rate === undefined || !ratesMasked;
  for (const uplift of candidate.uplifts.filter(counts)) {
    const previous = before.get(uplift.id);
    if (!previous) {
      const newRule = !context.baseRules.uplifts.some((u) => u.id === uplift.id);
      reasons.push(reason('uplift_added', { ...upliftParams(uplift), newRule }, { subject: uplift.id, after: uplift.rate ?? uplift.amountPerStudent }));
      continue;
    }
    if (!sameDecimal(previous.rate, uplift.rate)) {
      reasons.push(
        reason('uplift_rate_changed', { name: uplift.name, id: uplift.id, before: previous.rate ?? '—', after: uplift.rate ?? '—' }, {
          subject: uplift.id,
          ...(previous.rate !== undefined ? { before: previous.rate } : {}),
          ...(uplift.rate !== undefined ? { after: uplift.rate } : {}),
        }),
      );
    }
    if (!sameDecimal(previous.amountPerStudent, uplift.amountPerStudent)) {
      reasons.push(
        reason('uplift_amount_changed', { name: uplift.name, id: uplift.id, before: previous.amountPerStudent ?? '—', after: uplift.amountPerStudent ?? '—' }, {
          subject: uplift.id,
          ...(previous.amountPerStudent !== undefined ? { before: previous.amountPerStudent } : {}),
          ...(uplift.amountPerStudent !== undefined ? { after: uplift.amountPerStudent } : {}),
        }),
      );
    }
  }
  for (const uplift of base.uplifts.filter(counts)) {
    if (after.has(uplift.id)) continue;
    const ruleRemoved = !context.candidateRules.uplifts.some((u) => u.id === uplift.id);
    reasons.push(reason('uplift_removed', { ...upliftParams(uplift), ruleRemoved }, { subject: uplift.id, before: uplift.rate ?? uplift.amountPerStudent }));
  }
  const baseCombine = base.upliftCombine ?? context.baseRules.upliftPolicy.combine;
  const candidateCombine = candidate.upliftCombine ?? context.candidateRules.upliftPolicy.combine;
  if (baseCombine !== candidateCombine && (base.upliftCombine || candidate.upliftCombine) && !ratesMasked) {
    reasons.push(
      reason('uplift_combine_changed', { before: baseCombine, after: candidateCombine }, {
        before: baseCombine,
        after: candidateCombine,
      }),
    );
  }
  return reasons;
}

function capReasons(base: ReasonedLine, candidate: ReasonedLine): LineReason[] {
  const baseCapped = base.upliftRateUncapped !== undefined;
  const candidateCapped = candidate.upliftRateUncapped !== undefined;
  if (!baseCapped && candidateCapped) {
    return [reason('cap_now_binding', { cap: candidate.upliftRate, uncapped: candidate.upliftRateUncapped! }, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  if (baseCapped && !candidateCapped) {
    return [reason('cap_no_longer_binding', { cap: base.upliftRate, rate: candidate.upliftRate }, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  if (baseCapped && candidateCapped && !new Decimal(base.upliftRate).equals(candidate.upliftRate)) {
    return [reason('cap_changed', { before: base.upliftRate, after: candidate.upliftRate }, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  return [];
}

function sameDecimal(left: string | undefined, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return new Decimal(left).equals(right);
}

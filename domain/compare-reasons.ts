import { Decimal } from './decimal';
import { formatAmount, formatRate } from './money-text';
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

export interface LineReason {
  code: LineReasonCode;
  /** What the reason is about: an uplift id, a tier or category code, a class type. */
  subject?: string;
  before?: string;
  after?: string;
  text: { zh: string; en: string };
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

const COMBINE_NAMES = {
  sum: { zh: '累加', en: 'sum' },
  max: { zh: '取最高', en: 'max' },
  compound: { zh: '连乘', en: 'compound' },
} as const;

const reason = (code: LineReasonCode, zh: string, en: string, detail: Omit<LineReason, 'code' | 'text'> = {}): LineReason => ({
  code,
  ...detail,
  text: { zh, en },
});
const yuan = (value: string) => ({ zh: `${formatAmount(value)}元`, en: `¥${formatAmount(value)}` });

export interface LineMoves {
  entitlementMoved: boolean;
  allocationMoved: boolean;
  /** Why the line is missing from the run that lacks it (the excluded line's reason and message). */
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
  return inBase
    ? reason('line_excluded', `候选规则下本行被排除：${excludedBecause ?? '未计算'}`, `excluded under the candidate rules: ${excludedBecause ?? 'not computed'}`)
    : reason('line_included', `基准规则下本行被排除，候选规则下计入（原因：${excludedBecause ?? '未计算'}）`, `now included; the base rules excluded it: ${excludedBecause ?? 'not computed'}`);
}

function ruleReasons(base: ReasonedLine, candidate: ReasonedLine, context: ReasonContext): LineReason[] {
  const reasons: LineReason[] = [];
  const baseEligible = base.reason === undefined;
  const candidateEligible = candidate.reason === undefined;
  if (baseEligible !== candidateEligible) {
    reasons.push(
      candidateEligible
        ? reason('eligibility_changed', '资格条件变化：本校现符合拨款资格', 'eligibility changed: the school is now eligible', { before: 'ineligible', after: 'eligible' })
        : reason('eligibility_changed', '资格条件变化：本校不再符合拨款资格', 'eligibility changed: the school is no longer eligible', { before: 'eligible', after: 'ineligible' }),
    );
  }
  reasons.push(...standardReasons(base, candidate), ...upliftReasons(base, candidate, context), ...capReasons(base, candidate));
  if (reasons.length === 0 && !new Decimal(base.perStudent).equals(candidate.perStudent)) {
    reasons.push(reason('per_student_changed', `生均标准 ${yuan(base.perStudent).zh} → ${yuan(candidate.perStudent).zh}`, `per-student amount ${yuan(base.perStudent).en} → ${yuan(candidate.perStudent).en}`, { before: base.perStudent, after: candidate.perStudent }));
  }
  return reasons;
}

function shareReason(context: ReasonContext): LineReason {
  if (context.baseScaled || context.candidateScaled) {
    const factor = (value: string | null) => value ?? '—';
    return reason(
      'envelope_scaling',
      `标准未变，仅预算包络分摊比例变化（缩放系数 ${factor(context.baseScaleFactor)} → ${factor(context.candidateScaleFactor)}）`,
      `standard unchanged; only the envelope share moved (scale factor ${factor(context.baseScaleFactor)} → ${factor(context.candidateScaleFactor)})`,
      { before: factor(context.baseScaleFactor), after: factor(context.candidateScaleFactor) },
    );
  }
  if (context.baseProtected || context.candidateProtected) {
    return reason('protection_share', '标准未变，本校拨款由保底或封顶决定，各行分摊份额随之变化', 'standard unchanged; the school’s floor or cap set its allocation, and the lines’ shares of it moved');
  }
  return reason('rounding_share', '标准未变，仅校内尾差分配变化', 'standard unchanged; only the school’s rounding remainder moved between its lines');
}

function standardReasons(base: ReasonedLine, candidate: ReasonedLine): LineReason[] {
  const reasons: LineReason[] = [];
  if (base.categoryCode !== candidate.categoryCode) {
    reasons.push(
      reason('category_changed', `专业类别 ${base.categoryName}(${base.categoryCode}) → ${candidate.categoryName}(${candidate.categoryCode})`, `major category ${base.categoryName} (${base.categoryCode}) → ${candidate.categoryName} (${candidate.categoryCode})`, {
        subject: base.majorCode,
        before: base.categoryCode,
        after: candidate.categoryCode,
      }),
    );
  }
  if (base.tier !== candidate.tier) {
    reasons.push(
      reason('tier_changed', `${candidate.categoryName} 档次 ${base.tierName}(${base.tier}) → ${candidate.tierName}(${candidate.tier})`, `${candidate.categoryName} tier ${base.tierName} (${base.tier}) → ${candidate.tierName} (${candidate.tier})`, {
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
    const from = (line: ReasonedLine) => (line.baseFrom === 'category' ? { zh: '类别单列标准', en: 'category’s own standard' } : { zh: `${line.tierName}标准`, en: `${line.tierName} tier standard` });
    reasons.push(
      reason('base_standard_changed', `基准标准 ${yuan(base.baseStandard).zh}（${from(base).zh}）→ ${yuan(candidate.baseStandard).zh}（${from(candidate).zh}）`, `base standard ${yuan(base.baseStandard).en} (${from(base).en}) → ${yuan(candidate.baseStandard).en} (${from(candidate).en})`, {
        subject: candidate.categoryCode,
        before: base.baseStandard,
        after: candidate.baseStandard,
      }),
    );
  }
  const bandTerm = (line: ReasonedLine) =>
    line.bandFrom === 'tier'
      ? { zh: `${line.tierName}标准 ${yuan(line.bandedStandard).zh}`, en: `${line.tierName} standard ${yuan(line.bandedStandard).en}`, value: line.bandedStandard }
      : { zh: `系数 ${line.bandFactor ?? '1'}`, en: `factor ${line.bandFactor ?? '1'}`, value: line.bandFactor ?? '1' };
  const before = bandTerm(base);
  const after = bandTerm(candidate);
  const bothPerTier = base.bandFrom === 'tier' && candidate.bandFrom === 'tier';
  if (bothPerTier ? !new Decimal(before.value).equals(after.value) : base.bandFrom !== candidate.bandFrom || !new Decimal(before.value).equals(after.value)) {
    reasons.push(
      reason(bothPerTier ? 'band_tier_standard_changed' : 'band_factor_changed', `${candidate.band} ${before.zh} → ${after.zh}`, `${candidate.band} band ${before.en} → ${after.en}`, {
        subject: candidate.classType,
        before: before.value,
        after: after.value,
      }),
    );
  }
  return reasons;
}

function upliftValue(uplift: AppliedUplift): { zh: string; en: string } {
  if (uplift.rate !== undefined) return { zh: formatRate(uplift.rate), en: formatRate(uplift.rate) };
  return { zh: `${formatAmount(uplift.amountPerStudent ?? '0')}元/生`, en: `¥${formatAmount(uplift.amountPerStudent ?? '0')}/student` };
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
    const value = upliftValue(uplift);
    if (!previous) {
      const isNewRule = !context.baseRules.uplifts.some((u) => u.id === uplift.id);
      reasons.push(
        isNewRule
          ? reason('uplift_added', `新增加成「${uplift.name}」(${uplift.id}) ${value.zh}`, `new uplift "${uplift.name}" (${uplift.id}) ${value.en}`, { subject: uplift.id, after: uplift.rate ?? uplift.amountPerStudent })
          : reason('uplift_added', `加成「${uplift.name}」(${uplift.id}) ${value.zh} 现适用于本专业`, `uplift "${uplift.name}" (${uplift.id}) ${value.en} now applies to this major`, { subject: uplift.id, after: uplift.rate ?? uplift.amountPerStudent }),
      );
      continue;
    }
    if (!sameDecimal(previous.rate, uplift.rate)) {
      reasons.push(
        reason('uplift_rate_changed', `加成「${uplift.name}」(${uplift.id}) 比例 ${rateText(previous.rate)} → ${rateText(uplift.rate)}`, `uplift "${uplift.name}" (${uplift.id}) rate ${rateText(previous.rate)} → ${rateText(uplift.rate)}`, {
          subject: uplift.id,
          ...(previous.rate !== undefined ? { before: previous.rate } : {}),
          ...(uplift.rate !== undefined ? { after: uplift.rate } : {}),
        }),
      );
    }
    if (!sameDecimal(previous.amountPerStudent, uplift.amountPerStudent)) {
      const amount = (text?: string) => (text === undefined ? { zh: '无', en: 'none' } : yuan(text));
      reasons.push(
        reason('uplift_amount_changed', `加成「${uplift.name}」(${uplift.id}) 定额 ${amount(previous.amountPerStudent).zh} → ${amount(uplift.amountPerStudent).zh}`, `uplift "${uplift.name}" (${uplift.id}) amount ${amount(previous.amountPerStudent).en} → ${amount(uplift.amountPerStudent).en}`, {
          subject: uplift.id,
          ...(previous.amountPerStudent !== undefined ? { before: previous.amountPerStudent } : {}),
          ...(uplift.amountPerStudent !== undefined ? { after: uplift.amountPerStudent } : {}),
        }),
      );
    }
  }
  for (const uplift of base.uplifts.filter(counts)) {
    if (after.has(uplift.id)) continue;
    const value = upliftValue(uplift);
    const ruleRemoved = !context.candidateRules.uplifts.some((u) => u.id === uplift.id);
    reasons.push(
      ruleRemoved
        ? reason('uplift_removed', `取消加成「${uplift.name}」(${uplift.id}) ${value.zh}`, `uplift "${uplift.name}" (${uplift.id}) ${value.en} removed`, { subject: uplift.id, before: uplift.rate ?? uplift.amountPerStudent })
        : reason('uplift_removed', `加成「${uplift.name}」(${uplift.id}) ${value.zh} 不再适用于本专业`, `uplift "${uplift.name}" (${uplift.id}) ${value.en} no longer applies to this major`, { subject: uplift.id, before: uplift.rate ?? uplift.amountPerStudent }),
    );
  }
  const baseCombine = base.upliftCombine ?? context.baseRules.upliftPolicy.combine;
  const candidateCombine = candidate.upliftCombine ?? context.candidateRules.upliftPolicy.combine;
  if (baseCombine !== candidateCombine && (base.upliftCombine || candidate.upliftCombine) && !ratesMasked) {
    reasons.push(
      reason('uplift_combine_changed', `加成合并方式 ${COMBINE_NAMES[baseCombine].zh} → ${COMBINE_NAMES[candidateCombine].zh}`, `uplift combination ${COMBINE_NAMES[baseCombine].en} → ${COMBINE_NAMES[candidateCombine].en}`, {
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
    const cap = formatRate(candidate.upliftRate);
    const uncapped = formatRate(candidate.upliftRateUncapped!);
    return [reason('cap_now_binding', `加成封顶 ${cap} 现起作用（合计 ${uncapped} → ${cap}）`, `uplift cap ${cap} now binding (combined ${uncapped} → ${cap})`, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  if (baseCapped && !candidateCapped) {
    const rate = formatRate(candidate.upliftRate);
    return [reason('cap_no_longer_binding', `加成封顶 ${formatRate(base.upliftRate)} 不再起作用（合计 ${rate}）`, `uplift cap ${formatRate(base.upliftRate)} no longer binding (combined ${rate})`, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  if (baseCapped && candidateCapped && !new Decimal(base.upliftRate).equals(candidate.upliftRate)) {
    return [reason('cap_changed', `加成封顶 ${formatRate(base.upliftRate)} → ${formatRate(candidate.upliftRate)}`, `uplift cap ${formatRate(base.upliftRate)} → ${formatRate(candidate.upliftRate)}`, { before: base.upliftRate, after: candidate.upliftRate })];
  }
  return [];
}

function sameDecimal(left: string | undefined, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return left === right;
  return new Decimal(left).equals(right);
}

function rateText(rate: string | undefined): string {
  return rate === undefined ? '—' : formatRate(rate);
}

import type { AttributionLine, AttributionSchool, LineEffect, SchoolEffect } from './attribution-types';
import { Decimal } from './decimal';
import type { LineReason } from './compare-reasons';
import type { Coded, MessageParams } from './problems';
import type { RuleSet, Uplift } from './ruleset';
import { StandardBook, type CompiledStandard } from './standards';

/**
 * One line effect in words, as codes for the catalogue (messages/attribution.ts): the rule changes behind it, in the
 * order the calculation applies them, and the figure that moved with the amount it moved the line by. Rendered it
 * reads "机械类由三档调为二档：生均标准 7,500→9,000 元，影响 +1,155,000.00 元".
 */
export interface LineEffectExplanation {
  effect: LineEffect;
  /** The effect, an exact decimal string in yuan (never "0": only effects that moved are explained). */
  amount: string;
  causes: Coded[];
  summary: Coded;
}

/** A school effect in words: what protection (§7) or the envelope added to the school on each side, and the difference. */
export interface SchoolEffectExplanation {
  effect: SchoolEffect;
  amount: string;
  summary: Coded;
}

/**
 * The two school effects that moved, as codes: protection is P − E on each side (a floor adds, a cap takes away),
 * the envelope A − P (budget scaling and rounding).
 */
export function explainSchoolEffects(school: AttributionSchool): SchoolEffectExplanation[] {
  const minus = (a: string, b: string) => new Decimal(a).minus(b).toFixed();
  const sides = {
    protection: { before: minus(school.baseProtected, school.baseEntitlement), after: minus(school.newProtected, school.newEntitlement) },
    envelope: { before: minus(school.baseAllocation, school.baseProtected), after: minus(school.newAllocation, school.newProtected) },
  };
  return (['protection', 'envelope'] as const)
    .filter((effect) => school.effects[effect] !== '0')
    .map((effect) => ({ effect, amount: school.effects[effect], summary: { code: `attribution_school_${effect}`, params: { ...sides[effect], amount: school.effects[effect] } } }));
}

type Reasons = Map<LineReason['code'], LineReason[]>;

/**
 * Explains the lines of one attribution. The rule sets give the names (tiers, categories, bands, uplifts) and the
 * standards S, ρ, F behind each side's per-student amount; the line's §5 reasons say which of them changed.
 */
export function attributionExplainer(baseRules: RuleSet, newRules: RuleSet): (line: AttributionLine) => LineEffectExplanation[] {
  const books = { base: new StandardBook(baseRules), next: new StandardBook(newRules) };
  const standardOf = (book: StandardBook, line: AttributionLine) => (book.hasMajor(line.majorCode) && book.rules.classBands.some((b) => b.classType === line.classType) ? book.standardFor(line.majorCode, line.classType) : undefined);
  return (line) => {
    const base = standardOf(books.base, line);
    const next = standardOf(books.next, line);
    const reasons: Reasons = new Map();
    for (const reason of line.reasons) reasons.set(reason.code, [...(reasons.get(reason.code) ?? []), reason]);
    const explanations: LineEffectExplanation[] = [];
    const add = (effect: LineEffect, causes: Coded[], code: string, params: MessageParams) => {
      const amount = line.effects[effect];
      if (amount !== '0') explanations.push({ effect, amount, causes, summary: { code, params: { ...params, amount } } });
    };
    add('enrollment', presenceCauses(line), 'attribution_enrollment', { before: line.baseStudents, after: line.newStudents, perStudent: line.basePerStudent ?? '0' });
    if (base && next) {
      add('standard', standardCauses(reasons, base, next), 'attribution_standard', { before: base.bandedStandard, after: next.bandedStandard });
      const uplifts = upliftCauses(reasons, baseRules, newRules);
      add('upliftRate', [...uplifts.rate, ...rateRuleCauses(reasons)], 'attribution_uplift_rate', { before: base.upliftRate, after: next.upliftRate, standard: next.bandedStandard });
      add('upliftAmount', uplifts.amount, 'attribution_uplift_amount', { before: base.upliftAmount, after: next.upliftAmount });
    }
    const [lost, gained] = [line.basePerStudent !== null, line.newPerStudent !== null];
    const coverage = lost ? { why: line.newNotFunded, perStudent: line.basePerStudent!, code: 'attribution_coverage_lost' } : { why: line.baseNotFunded, perStudent: line.newPerStudent ?? '0', code: 'attribution_coverage_gained' };
    if (lost !== gained) add('coverage', coverage.why ? [notFundedCause(coverage.why, lost, line)] : [], coverage.code, { students: line.newStudents, perStudent: coverage.perStudent });
    return explanations;
  };
}

function presenceCauses(line: AttributionLine): Coded[] {
  if (line.baseRow === null) return [{ code: 'attribution_cause_line_opened', params: { classType: line.classType } }];
  if (line.newRow === null) return [{ code: 'attribution_cause_line_closed', params: { classType: line.classType } }];
  return [];
}

function notFundedCause(why: NonNullable<AttributionLine['newNotFunded']>, lost: boolean, line: AttributionLine): Coded {
  const direction = lost ? 'lost' : 'gained';
  return { code: `attribution_cause_${why}_${direction}`, params: { major: line.majorName, majorCode: line.majorCode, classType: line.classType } };
}

/** The tier, category or band changes behind S⁰ → S¹; a base standard that moved only because the tier did is not repeated. */
function standardCauses(reasons: Reasons, base: CompiledStandard, next: CompiledStandard): Coded[] {
  const causes: Coded[] = [];
  const has = (code: LineReason['code']) => reasons.has(code);
  if (has('category_changed')) {
    causes.push({ code: 'attribution_cause_category', params: { major: next.majorName, before: base.categoryName, after: next.categoryName, tierBefore: base.tierName, tierAfter: next.tierName } });
  } else if (has('tier_changed')) {
    causes.push({ code: 'attribution_cause_tier', params: { category: next.categoryName, before: base.tierName, after: next.tierName } });
  } else if (has('base_standard_changed')) {
    causes.push({ code: 'attribution_cause_base_standard', params: { category: next.categoryName, before: base.baseStandard, after: next.baseStandard } });
  }
  if (has('band_tier_standard_changed')) {
    causes.push({ code: 'attribution_cause_band_tier_standard', params: { band: next.band, tier: next.tierName, before: base.bandedStandard, after: next.bandedStandard } });
  } else if (has('band_factor_changed')) {
    if (base.bandFrom === 'factor' && next.bandFrom === 'factor') causes.push({ code: 'attribution_cause_band_factor', params: { band: next.band, before: base.bandFactor ?? '1', after: next.bandFactor ?? '1' } });
    else if (next.bandFrom === 'tier') causes.push({ code: 'attribution_cause_band_to_tier', params: { band: next.band, tier: next.tierName, amount: next.bandedStandard } });
    else causes.push({ code: 'attribution_cause_band_to_factor', params: { band: next.band, factor: next.bandFactor ?? '1' } });
  }
  return causes;
}

/** Uplifts added, removed or changed, split by kind: a rate moves ρ (upliftRate), an amount moves F (upliftAmount). */
function upliftCauses(reasons: Reasons, baseRules: RuleSet, newRules: RuleSet): { rate: Coded[]; amount: Coded[] } {
  const rate: Coded[] = [];
  const amount: Coded[] = [];
  const find = (rules: RuleSet, id: string | undefined) => rules.uplifts.find((u) => u.id === id);
  const presence = (reason: LineReason, rules: RuleSet, other: RuleSet, kind: 'added' | 'removed') => {
    const uplift = find(rules, reason.subject);
    if (!uplift) return;
    // An uplift the other rule set also has changed whom it matches; otherwise the rule itself came or went.
    const how = find(other, uplift.id) ? (kind === 'added' ? 'applies' : 'no_longer_applies') : kind;
    (uplift.rate !== undefined ? rate : amount).push(upliftCause(uplift, how));
  };
  for (const reason of reasons.get('uplift_added') ?? []) presence(reason, newRules, baseRules, 'added');
  for (const reason of reasons.get('uplift_removed') ?? []) presence(reason, baseRules, newRules, 'removed');
  for (const reason of reasons.get('uplift_rate_changed') ?? []) {
    rate.push({ code: 'attribution_cause_uplift_rate', params: { uplift: find(newRules, reason.subject)?.name ?? reason.subject ?? '', before: reason.before ?? '0', after: reason.after ?? '0' } });
  }
  for (const reason of reasons.get('uplift_amount_changed') ?? []) {
    amount.push({ code: 'attribution_cause_uplift_amount', params: { uplift: find(newRules, reason.subject)?.name ?? reason.subject ?? '', before: reason.before ?? '0', after: reason.after ?? '0' } });
  }
  return { rate, amount };
}

function upliftCause(uplift: Uplift, how: 'added' | 'removed' | 'applies' | 'no_longer_applies'): Coded {
  return uplift.rate !== undefined
    ? { code: `attribution_cause_rate_uplift_${how}`, params: { uplift: uplift.name, rate: uplift.rate } }
    : { code: `attribution_cause_amount_uplift_${how}`, params: { uplift: uplift.name, amount: uplift.amountPerStudent ?? '0' } };
}

/** How the rates combine and the cap on them. */
function rateRuleCauses(reasons: Reasons): Coded[] {
  const causes: Coded[] = [];
  const first = (code: LineReason['code']) => reasons.get(code)?.[0];
  const combine = first('uplift_combine_changed');
  if (combine) causes.push({ code: 'attribution_cause_uplift_combine', params: { before: combine.before ?? '', after: combine.after ?? '' } });
  const binding = first('cap_now_binding') ?? first('cap_no_longer_binding') ?? first('cap_changed');
  if (binding) {
    const code = binding.code === 'cap_now_binding' ? 'attribution_cause_cap_binding' : binding.code === 'cap_no_longer_binding' ? 'attribution_cause_cap_released' : 'attribution_cause_cap';
    causes.push({ code, params: { before: binding.before ?? '0', after: binding.after ?? '0' } });
  }
  return causes;
}

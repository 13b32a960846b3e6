import type { MessageParams } from '../domain/problems';
import { COMBINE_NAMES, nameOf } from './enums';
import type { Catalog, Lang } from './types';

const combineName = (mode: MessageParams[string] | undefined, lang: Lang) => nameOf(COMBINE_NAMES, String(mode), lang);

/**
 * Why an allocation changed (SPEC §9): the seven effects' names, each line effect in words (its causes, then the figure
 * that moved and by how much) and the attribution's refusals and warnings. A rendered line effect reads
 * "机械类由三档调为二档：生均标准 7,500→9,000 元，影响 +1,155,000.00 元" (see ./attribution-text.ts).
 */
export const attributionMessages = {
  attribution_effect_enrollment: { zh: '在校生变动', en: 'Enrolment' },
  attribution_effect_standard: { zh: '生均标准变动（档次、大类、班型）', en: 'Standards (tier, category, class band)' },
  attribution_effect_uplift_rate: { zh: '上浮比例变动', en: 'Uplift rates' },
  attribution_effect_uplift_amount: { zh: '定额上浮变动', en: 'Fixed uplifts' },
  attribution_effect_coverage: { zh: '资助范围变动', en: 'Coverage' },
  attribution_effect_protection: { zh: '保底与封顶', en: 'Floor and cap' },
  attribution_effect_envelope: { zh: '预算调整与取整', en: 'Budget scaling and rounding' },

  attribution_enrollment: {
    zh: '在校生 {before:number}→{after:number} 人，按原生均 {perStudent:number} 元计，影响 {amount:signedMoney}',
    en: 'students {before:number} → {after:number} at the previous {perStudent:number} yuan each, effect {amount:signedMoney}',
  },
  attribution_standard: {
    zh: '生均标准 {before:number}→{after:number} 元，影响 {amount:signedMoney}',
    en: 'standard {before:number} → {after:number} yuan per student, effect {amount:signedMoney}',
  },
  attribution_uplift_rate: {
    zh: '合计上浮比例 {before:rate}→{after:rate}（按生均标准 {standard:number} 元），影响 {amount:signedMoney}',
    en: 'combined uplift rate {before:rate} → {after:rate} (on a standard of {standard:number} yuan), effect {amount:signedMoney}',
  },
  attribution_uplift_amount: {
    zh: '定额上浮 {before:number}→{after:number} 元/生，影响 {amount:signedMoney}',
    en: 'fixed uplift {before:number} → {after:number} yuan per student, effect {amount:signedMoney}',
  },
  attribution_coverage_lost: {
    zh: '{students:number} 人不再获得资助（原生均 {perStudent:number} 元），影响 {amount:signedMoney}',
    en: '{students:number} students no longer funded (previously {perStudent:number} yuan each), effect {amount:signedMoney}',
  },
  attribution_coverage_gained: {
    zh: '{students:number} 人纳入资助（生均 {perStudent:number} 元），影响 {amount:signedMoney}',
    en: '{students:number} students now funded ({perStudent:number} yuan each), effect {amount:signedMoney}',
  },

  attribution_school_protection: {
    zh: '保底补足（正）与封顶扣减（负）：上次 {before:signedMoney}，本次 {after:signedMoney}，影响 {amount:signedMoney}',
    en: 'floor top-up (+) and cap (−): {before:signedMoney} last time, {after:signedMoney} now, effect {amount:signedMoney}',
  },
  attribution_school_envelope: {
    zh: '预算调整与取整：上次 {before:signedMoney}，本次 {after:signedMoney}，影响 {amount:signedMoney}',
    en: 'budget scaling and rounding: {before:signedMoney} last time, {after:signedMoney} now, effect {amount:signedMoney}',
  },

  attribution_cause_line_opened: { zh: '新开{classType:classType}', en: 'new {classType:classType}' },
  attribution_cause_line_closed: { zh: '{classType:classType}停招', en: '{classType:classType} closed' },
  attribution_cause_tier: { zh: '{category}由{before}调为{after}', en: '{category} moved from {before} to {after}' },
  attribution_cause_category: { zh: '{major}由{before}（{tierBefore}）调入{after}（{tierAfter}）', en: '{major} moved from {before} ({tierBefore}) to {after} ({tierAfter})' },
  attribution_cause_base_standard: { zh: '{category}基准标准 {before:number}→{after:number} 元', en: '{category} base standard {before:number} → {after:number} yuan' },
  attribution_cause_band_tier_standard: { zh: '{band}{tier}标准 {before:number}→{after:number} 元', en: '{band} standard for {tier} {before:number} → {after:number} yuan' },
  attribution_cause_band_factor: { zh: '{band}系数 {before}→{after}', en: '{band} factor {before} → {after}' },
  attribution_cause_band_to_tier: { zh: '{band}改按{tier}定额 {amount:number} 元', en: '{band} now a fixed {amount:number} yuan for {tier}' },
  attribution_cause_band_to_factor: { zh: '{band}改按系数 {factor} 计算', en: '{band} now by factor {factor}' },
  attribution_cause_rate_uplift_added: { zh: '新增「{uplift}」上浮 {rate:rate}', en: 'new uplift "{uplift}" {rate:rate}' },
  attribution_cause_rate_uplift_removed: { zh: '取消「{uplift}」上浮 {rate:rate}', en: 'uplift "{uplift}" {rate:rate} removed' },
  attribution_cause_rate_uplift_applies: { zh: '「{uplift}」上浮 {rate:rate} 现适用于本专业', en: 'uplift "{uplift}" {rate:rate} now applies to this major' },
  attribution_cause_rate_uplift_no_longer_applies: { zh: '「{uplift}」上浮 {rate:rate} 不再适用于本专业', en: 'uplift "{uplift}" {rate:rate} no longer applies to this major' },
  attribution_cause_amount_uplift_added: { zh: '新增「{uplift}」定额上浮 {amount:number} 元/生', en: 'new uplift "{uplift}" of {amount:number} yuan per student' },
  attribution_cause_amount_uplift_removed: { zh: '取消「{uplift}」定额上浮 {amount:number} 元/生', en: 'uplift "{uplift}" of {amount:number} yuan per student removed' },
  attribution_cause_amount_uplift_applies: { zh: '「{uplift}」定额上浮 {amount:number} 元/生现适用于本专业', en: 'uplift "{uplift}" of {amount:number} yuan per student now applies to this major' },
  attribution_cause_amount_uplift_no_longer_applies: { zh: '「{uplift}」定额上浮 {amount:number} 元/生不再适用于本专业', en: 'uplift "{uplift}" of {amount:number} yuan per student no longer applies to this major' },
  attribution_cause_uplift_rate: { zh: '「{uplift}」上浮比例 {before:rate}→{after:rate}', en: 'uplift "{uplift}" rate {before:rate} → {after:rate}' },
  attribution_cause_uplift_amount: { zh: '「{uplift}」定额 {before:number}→{after:number} 元/生', en: 'uplift "{uplift}" {before:number} → {after:number} yuan per student' },
  attribution_cause_uplift_combine: {
    zh: (p) => `上浮合并方式由${combineName(p.before, 'zh')}改为${combineName(p.after, 'zh')}`,
    en: (p) => `uplifts now combined by ${combineName(p.after, 'en')} instead of ${combineName(p.before, 'en')}`,
  },
  attribution_cause_cap_binding: { zh: '上浮上限 {after:rate} 开始起作用', en: 'uplift cap {after:rate} now binding' },
  attribution_cause_cap_released: { zh: '上浮上限 {before:rate} 不再起作用', en: 'uplift cap {before:rate} no longer binding' },
  attribution_cause_cap: { zh: '上浮上限 {before:rate}→{after:rate}', en: 'uplift cap {before:rate} → {after:rate}' },
  attribution_cause_ineligible_ownership_lost: { zh: '本校办学性质不再属于资助范围', en: 'the school’s ownership is no longer funded' },
  attribution_cause_ineligible_ownership_gained: { zh: '本校办学性质纳入资助范围', en: 'the school’s ownership is now funded' },
  attribution_cause_unknown_major_lost: { zh: '规则集不再包含专业{major}（{majorCode}）', en: 'the rules no longer have major {major} ({majorCode})' },
  attribution_cause_unknown_major_gained: { zh: '规则集新增专业{major}（{majorCode}）', en: 'the rules now have major {major} ({majorCode})' },
  attribution_cause_class_type_not_allowed_lost: { zh: '{classType:classType}不再适用于本校类型', en: 'the {classType:classType} is no longer funded at this type of school' },
  attribution_cause_class_type_not_allowed_gained: { zh: '{classType:classType}开始适用于本校类型', en: 'the {classType:classType} is now funded at this type of school' },

  attribution_currency_mismatch: { zh: '两次拨款的币种不同（{base}、{new}），无法比较。', en: 'The runs are in different currencies ({base} and {new}); they cannot be compared.' },
  attribution_scale_mismatch: {
    zh: '两次拨款的取整位数不同（{base} 位与 {new} 位小数），无法比较。',
    en: 'The runs round to different scales ({base} and {new} decimals); they cannot be compared.',
  },
  attribution_lines_excluded: {
    zh: '基准方案排除了 {base} 行、新方案排除了 {new} 行在校生数据，这些行按未列入计算。',
    en: 'The base run left out {base} enrolment line(s) and the new run {new}; they count as not listed.',
  },
} satisfies Catalog;

import type { MessageParams } from '../domain/problems';
import { amountDigits, percent, unit } from './format';
import type { Catalog, Lang } from './types';

const text = (params: MessageParams, name: string) => String(params[name] ?? '');
/** An uplift's value: its rate, or its amount per student. */
const upliftValue = (params: MessageParams, lang: Lang) =>
  params.rate !== undefined ? percent(text(params, 'rate')) : lang === 'zh' ? `每生 ${unit(amountDigits(text(params, 'amount')), lang)}` : `${unit(amountDigits(text(params, 'amount')), lang)} per student`;
/** A band's term: its factor, or its own per-tier standard. */
const bandTerm = (params: MessageParams, side: 'before' | 'after', lang: Lang) =>
  params[`${side}From`] === 'tier'
    ? lang === 'zh'
      ? `${text(params, `${side}Tier`)}标准 ${unit(amountDigits(text(params, side)), lang)}`
      : `${text(params, `${side}Tier`)} standard ${unit(amountDigits(text(params, side)), lang)}`
    : lang === 'zh'
      ? `系数 ${text(params, side)}`
      : `factor ${text(params, side)}`;
/** Where a base standard came from: the tier's, or the category's own. */
const baseFrom = (params: MessageParams, side: 'before' | 'after', lang: Lang) =>
  params[`${side}From`] === 'category'
    ? lang === 'zh'
      ? '大类单列标准'
      : 'the category’s own standard'
    : lang === 'zh'
      ? `${text(params, `${side}Tier`)}标准`
      : `${text(params, `${side}Tier`)} tier standard`;

/**
 * Why a line moved between the base and the candidate run (SPEC §5), and the comparison's warnings. The reason
 * codes are the LineReasonCode values of domain/compare-reasons.ts.
 */
export const compareMessages = {
  line_excluded: {
    zh: '按方案规则本行被排除：{reason:reason}',
    en: 'Excluded under the candidate rules: {reason:reason}',
  },
  line_included: {
    zh: '按现行规则本行被排除（{reason:reason}），按方案规则计入',
    en: 'Now included; the base rules excluded it: {reason:reason}',
  },
  eligibility_changed: {
    zh: (params) => (params.eligible ? '拨款资格变化：本校现符合拨款资格' : '拨款资格变化：本校不再符合拨款资格'),
    en: (params) => (params.eligible ? 'Eligibility changed: the school is now eligible' : 'Eligibility changed: the school is no longer eligible'),
  },
  category_changed: {
    zh: '专业大类 {beforeName}（{before}）→ {afterName}（{after}）',
    en: 'Category {beforeName} ({before}) → {afterName} ({after})',
  },
  tier_changed: {
    zh: '{category} 成本档次 {beforeName}（{before}）→ {afterName}（{after}）',
    en: '{category}: tier {beforeName} ({before}) → {afterName} ({after})',
  },
  base_standard_changed: {
    zh: (p, lang) => `基准标准 ${unit(amountDigits(text(p, 'before')), lang)}（${baseFrom(p, 'before', lang)}）→ ${unit(amountDigits(text(p, 'after')), lang)}（${baseFrom(p, 'after', lang)}）`,
    en: (p, lang) => `Base standard ${unit(amountDigits(text(p, 'before')), lang)} (${baseFrom(p, 'before', lang)}) → ${unit(amountDigits(text(p, 'after')), lang)} (${baseFrom(p, 'after', lang)})`,
  },
  band_factor_changed: {
    zh: (p, lang) => `${text(p, 'band')} ${bandTerm(p, 'before', lang)} → ${bandTerm(p, 'after', lang)}`,
    en: (p, lang) => `${text(p, 'band')} band ${bandTerm(p, 'before', lang)} → ${bandTerm(p, 'after', lang)}`,
  },
  band_tier_standard_changed: {
    zh: (p, lang) => `${text(p, 'band')} ${bandTerm(p, 'before', lang)} → ${bandTerm(p, 'after', lang)}`,
    en: (p, lang) => `${text(p, 'band')} band ${bandTerm(p, 'before', lang)} → ${bandTerm(p, 'after', lang)}`,
  },
  uplift_added: {
    zh: (p, lang) => (p.newRule ? `新增上浮「${text(p, 'name')}」（${text(p, 'id')}）${upliftValue(p, lang)}` : `上浮「${text(p, 'name')}」（${text(p, 'id')}）${upliftValue(p, lang)} 现适用于本专业`),
    en: (p, lang) => (p.newRule ? `New uplift "${text(p, 'name')}" (${text(p, 'id')}) ${upliftValue(p, lang)}` : `Uplift "${text(p, 'name')}" (${text(p, 'id')}) ${upliftValue(p, lang)} now applies to this major`),
  },
  uplift_removed: {
    zh: (p, lang) => (p.ruleRemoved ? `取消上浮「${text(p, 'name')}」（${text(p, 'id')}）${upliftValue(p, lang)}` : `上浮「${text(p, 'name')}」（${text(p, 'id')}）${upliftValue(p, lang)} 不再适用于本专业`),
    en: (p, lang) => (p.ruleRemoved ? `Uplift "${text(p, 'name')}" (${text(p, 'id')}) ${upliftValue(p, lang)} removed` : `Uplift "${text(p, 'name')}" (${text(p, 'id')}) ${upliftValue(p, lang)} no longer applies to this major`),
  },
  uplift_rate_changed: {
    zh: '上浮「{name}」（{id}）比例 {before:rate} → {after:rate}',
    en: 'Uplift "{name}" ({id}) rate {before:rate} → {after:rate}',
  },
  uplift_amount_changed: {
    zh: '上浮「{name}」（{id}）定额 {before:perStudent} → {after:perStudent}',
    en: 'Uplift "{name}" ({id}) amount {before:perStudent} → {after:perStudent}',
  },
  uplift_combine_changed: {
    zh: '上浮合并方式 {before:combine} → {after:combine}',
    en: 'Uplift combination {before:combine} → {after:combine}',
  },
  cap_now_binding: {
    zh: '上浮上限 {cap:rate} 现起作用（合计 {uncapped:rate} → {cap:rate}）',
    en: 'Uplift cap {cap:rate} now binding (combined {uncapped:rate} → {cap:rate})',
  },
  cap_no_longer_binding: {
    zh: '上浮上限 {cap:rate} 不再起作用（合计 {rate:rate}）',
    en: 'Uplift cap {cap:rate} no longer binding (combined {rate:rate})',
  },
  cap_changed: { zh: '上浮上限 {before:rate} → {after:rate}', en: 'Uplift cap {before:rate} → {after:rate}' },
  per_student_changed: {
    zh: '生均标准 {before:perStudent} → {after:perStudent}',
    en: 'Per-student amount {before:perStudent} → {after:perStudent}',
  },
  envelope_scaling: {
    zh: '标准未变，仅预算约束下的调整系数变化（{before} → {after}）',
    en: 'Standard unchanged; only the envelope’s scale factor moved ({before} → {after})',
  },
  rounding_share: {
    zh: '标准未变，仅校内尾差在各行间的分配变化',
    en: 'Standard unchanged; only the school’s rounding remainder moved between its lines',
  },
  rounding_scales_differ: {
    zh: '两套规则的取整精度不同（现行 {base} 位小数，方案 {candidate} 位小数）。',
    en: 'The rule sets round to different scales ({base} and {candidate} decimals).',
  },
  excluded_counts_differ: {
    zh: '两套规则排除的行数不同（现行 {base} 行，方案 {candidate} 行）。',
    en: 'The base run excluded {base} line(s), the candidate {candidate}.',
  },
} satisfies Catalog;

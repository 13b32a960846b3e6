import type { MessageParams } from '../domain/problems';
import { CLASS_TYPE_NAMES, ENVELOPE_POLICY_NAMES, nameOf, OWNERSHIP_NAMES } from './enums';
import { amountDigits, unit, yuan } from './format';
import type { Catalog } from './types';

const text = (params: MessageParams, name: string) => String(params[name] ?? '');

/**
 * The words of a school's statement (domain/explain.ts gives its structure; ./statement-text.ts puts these together).
 * zh is what a finance office sends a school; en says the same for other readers.
 */
export const statementMessages = {
  statement_title: {
    zh: '{school}（{schoolId}）{year}年度生均拨款说明',
    en: 'Appropriation statement for {school} ({schoolId}), fiscal year {year}',
  },
  statement_identity: {
    zh: '学校类型：{schoolType:schoolType}；办学性质：{ownership:ownership}',
    en: 'School type: {schoolType:schoolType}; ownership: {ownership:ownership}',
  },
  statement_rule_set: { zh: '规则集：{name}（{id}，{hash}）', en: 'Rule set: {name} ({id}, {hash})' },
  statement_rule_set_version: {
    zh: '规则集：{name}（{id}，第 {version} 版，{hash}）',
    en: 'Rule set: {name} ({id}, version {version}, {hash})',
  },
  statement_envelope: {
    zh: (p) =>
      `预算约束：${nameOf(ENVELOPE_POLICY_NAMES, text(p, 'policy'), 'zh')}${p.budget !== undefined ? `，预算 ${yuan(text(p, 'budget'), 'zh')}` : ''}${p.scaleFactor !== undefined ? `；调整系数 ${text(p, 'scaleFactor')}` : ''}`,
    en: (p) =>
      `Envelope: ${nameOf(ENVELOPE_POLICY_NAMES, text(p, 'policy'), 'en')}${p.budget !== undefined ? `, budget ${yuan(text(p, 'budget'), 'en')}` : ''}${p.scaleFactor !== undefined ? `; scale factor ${text(p, 'scaleFactor')}` : ''}`,
  },
  statement_line_head: { zh: '第 {row} 行 {major}（{majorCode}）：', en: 'Row {row} {major} ({majorCode}): ' },
  statement_base_tier: { zh: '{category}（{tier} {amount:amount}）', en: '{category} ({tier} {amount:amount})' },
  statement_base_category: { zh: '{category}（大类单列标准 {amount:amount}）', en: '{category} (category standard {amount:amount})' },
  statement_band_factor: {
    zh: (p) => `${text(p, 'band')} ${text(p, 'factor')}`,
    en: (p) => `${nameOf(CLASS_TYPE_NAMES, text(p, 'classType'), 'en')} ${text(p, 'factor')}`,
  },
  statement_band_tier: {
    zh: (p) => `${text(p, 'category')}（${text(p, 'tier')}）${text(p, 'band')}标准 ${unit(amountDigits(text(p, 'amount')), 'zh')}`,
    en: (p) => `${text(p, 'category')} (${text(p, 'tier')}) ${nameOf(CLASS_TYPE_NAMES, text(p, 'classType'), 'en')} standard ${unit(amountDigits(text(p, 'amount')), 'en')}`,
  },
  statement_rate_uplift: { zh: '{name} {rate:rate}', en: '{name} {rate:rate}' },
  statement_amount_uplift: { zh: '{name} {amount:amount}', en: '{name} {amount:amount}' },
  statement_rates: { zh: '（1 + {terms}）', en: '(1 + {terms})' },
  statement_rates_max: { zh: '（1 + 取最高（{terms}））', en: '(1 + max({terms}))' },
  statement_rates_compound: { zh: '（1 + 连乘（{terms}）{combined:rate}）', en: '(1 + compound({terms}) {combined:rate})' },
  statement_cap: { zh: ' → 上浮上限 {rate:rate}', en: ' → capped at {rate:rate}' },
  statement_line_result: {
    zh: ' = {perStudent:perStudent} × {students:number} 人 = {entitlement:money}',
    en: ' = {perStudent:perStudent} × {students:number} students = {entitlement:money}',
  },
  statement_line_allocated: { zh: '，分配 {allocation:money}', en: ', allocated {allocation:money}' },
  statement_line_ineligible: {
    zh: (p) => `${text(p, 'band')}，${text(p, 'students')} 人，不符合拨款资格，拨款 0 元`,
    en: (p) => `${nameOf(CLASS_TYPE_NAMES, text(p, 'classType'), 'en')}, ${text(p, 'students')} students, not eligible, allocation ¥0`,
  },
  statement_ineligible: {
    zh: (p) =>
      `本校办学性质为${nameOf(OWNERSHIP_NAMES, text(p, 'ownership'), 'zh')}，${Array.isArray(p.funded) ? `规则集仅对${p.funded.map((o) => nameOf(OWNERSHIP_NAMES, o, 'zh')).join('、')}学校拨款` : '不在规则集的拨款范围内'}，拨款为 0。`,
    en: (p) =>
      `This school is ${nameOf(OWNERSHIP_NAMES, text(p, 'ownership'), 'en')}; ${Array.isArray(p.funded) ? `the rule set funds only ${p.funded.map((o) => nameOf(OWNERSHIP_NAMES, o, 'en')).join(' or ')} schools` : 'its ownership is outside what the rule set funds'}, so it gets 0.`,
  },
  statement_share: {
    zh: '预算约束（{policy:policy}，预算 {budget:money}）按调整系数 {scaleFactor} 分配：本校按标准应拨 {entitlement:money}，按最大余数法分得 {allocation:money}；各行按应拨比例分摊。',
    en: 'The envelope ({policy:policy}, budget {budget:money}) scaled allocations by {scaleFactor}: this school’s entitlement {entitlement:money} became {allocation:money} by the largest-remainder method; its lines share it in proportion to their entitlements.',
  },
  statement_total: {
    zh: '合计：在校生 {students:number} 人，按标准应拨 {entitlement:money}，拨款 {allocation:money}。',
    en: 'Total: {students:number} students, entitlement {entitlement:money}, allocation {allocation:money}.',
  },
  statement_basis_title: { zh: '依据：', en: 'Basis:' },
  statement_no_basis: { zh: '规则集未载明政策出处。', en: 'The rule set cites no policy source.' },
  statement_cited_ruleSet: { zh: '规则集「{name}」', en: 'rule set "{name}"' },
  statement_cited_protection: { zh: '保底与封顶', en: 'year-on-year protection' },
  statement_cited_tier: { zh: '成本档次「{name}」', en: 'tier "{name}"' },
  statement_cited_category: { zh: '专业大类「{name}」', en: 'category "{name}"' },
  statement_cited_major: { zh: '专业「{name}」', en: 'major "{name}"' },
  statement_cited_band: { zh: '班级分档「{name}」', en: 'class band "{name}"' },
  statement_cited_uplift: { zh: '上浮「{name}」', en: 'uplift "{name}"' },
  statement_citation: { zh: '{rule}：“{source}”', en: '{rule}: “{source}”' },
} satisfies Catalog;

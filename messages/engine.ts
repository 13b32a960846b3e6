import type { Catalog } from './types';

/** Warnings and refusals of the calculation itself (SPEC §3, §4). */
export const engineMessages = {
  budget_unused: {
    zh: '给出了预算（{budget:money}），但预算约束为“不设上限”，预算未使用。',
    en: 'A budget ({budget:money}) was given with envelope policy "none"; it was not applied.',
  },
  ineligible_ownership: {
    zh: '规则集仅对{funded:ownership}学校拨款，其他学校拨款为 0。',
    en: 'The rule set funds only {funded:ownership} schools; other schools get 0.',
  },
  budget_required: {
    zh: '预算约束为“{policy:policy}”时须填写预算总额。',
    en: 'Envelope policy "{policy:policy}" needs a budget.',
  },
  budget_not_an_amount: {
    zh: '预算“{budget}”不是有效金额，请填写不带单位的非负数，如 120000000。',
    en: 'Budget "{budget}" is not a non-negative decimal amount (e.g. 120000000).',
  },
  budget_not_whole_yuan: {
    zh: '预算 {budget:money} 不是整元；规则集按元取整，请填写整数元。',
    en: 'Budget {budget:money} is not a whole number of yuan; the rule set rounds to the yuan.',
  },
  budget_not_whole_fen: {
    zh: '预算 {budget:money} 不是整分；规则集精确到分，请最多填写两位小数。',
    en: 'Budget {budget:money} is not a whole number of fen; the rule set rounds to 2 decimals.',
  },
  nothing_to_scale: {
    zh: '所有学校按标准应拨均为 0，预算 {budget:money} 无从分配。',
    en: 'Nothing is entitled (ΣE = 0), so there is nothing to spread the budget of {budget:money} over.',
  },
} satisfies Catalog;

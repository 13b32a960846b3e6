import type { Catalog } from './types';

/** Warnings and refusals of the calculation itself (SPEC §3, §4). */
export const engineMessages = {
  budget_unused: {
    zh: '给出了预算，但预算约束为“不设”，预算未使用。',
    en: 'A budget was given with envelope policy "none"; it was not applied.',
  },
  ineligible_ownership: {
    zh: '规则集仅对{funded:list}学校拨款，其他学校拨款为 0。',
    en: 'The rule set funds only {funded:list} schools; other schools get 0.',
  },
} satisfies Catalog;

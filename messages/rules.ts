import type { Catalog } from './types';

/** Cross-checks of a rule set (SPEC §1): codes that must be unique, references that must exist, uplift shape. */
export const ruleSetMessages = {
  duplicate_tier: { zh: '档次代码“{code}”重复。', en: 'Duplicate tier code "{code}".' },
  duplicate_category: { zh: '专业大类代码“{code}”重复。', en: 'Duplicate category code "{code}".' },
  duplicate_major: { zh: '专业代码“{code}”重复。', en: 'Duplicate major code "{code}".' },
  duplicate_class_band: { zh: '{code:classType}的班型标准重复定义。', en: 'The class band for {code:classType} is defined twice.' },
  duplicate_uplift: { zh: '上浮项目“{code}”重复。', en: 'Duplicate uplift id "{code}".' },
  tier_not_defined: { zh: '档次“{tier}”未在档次表中定义。', en: 'Tier "{tier}" is not defined in tiers.' },
  category_not_defined: { zh: '专业大类“{category}”未在专业大类表中定义。', en: 'Category "{category}" is not defined in categories.' },
  major_not_defined: { zh: '专业“{major}”未在专业表中定义。', en: 'Major "{major}" is not defined in majors.' },
  uplift_rate_or_amount: {
    zh: '上浮项目须在“上浮比例”（rate）和“定额上浮”（amountPerStudent）中填写且只填写一项。',
    en: 'Give exactly one of "rate" and "amountPerStudent".',
  },
  uplift_rate_out_of_range: {
    zh: '上浮比例 {rate} 超出范围，应在 0 到 10 之间（0.10 表示 10%）。',
    en: 'The rate {rate} must be between 0 and 10 (0.10 means 10%).',
  },
  uplift_match_empty: {
    zh: '适用范围至少要列出一个专业标记、专业或专业大类。',
    en: 'The match must name at least one flag, major or category.',
  },
  flag_not_known: {
    zh: '专业标记“{flag}”没有任何专业使用，也不是政策规定的标记。',
    en: 'Flag "{flag}" is carried by no major and is not one the policy names.',
  },
} satisfies Catalog;

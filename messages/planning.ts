import { KINDS } from './format';
import type { MessageParam } from '../domain/problems';
import type { Catalog, Lang } from './types';

const listOf = (value: MessageParam | undefined, lang: Lang) => KINDS.list!(value ?? [], lang);
const classTypes = (value: MessageParam | undefined, lang: Lang) => listOf((Array.isArray(value) ? value : []).map((code) => KINDS.classType!(code, lang)), lang);

/** Protection (SPEC §7), solving a standard for a budget (§8) and multi-year plans (§12). */
export const planningMessages = {
  // Rule-set field `protection`.
  protection_needs_floor_or_cap: {
    zh: '保底与封顶规则至少要给出保底比例（floor）或增幅封顶（gainCap）之一。',
    en: 'Protection needs a floor, a gainCap or both.',
  },
  protection_floor_out_of_range: {
    // A floor typed as the guaranteed share (0.97 for 97 %) is the likely slip: say what it should be.
    zh: (p) =>
      `保底比例 ${p.floor} 应在 -1 与 0 之间，表示比上年最多减少的比例（-0.03 即保底 97%）。` +
      (p.suggestion ? `如要保底上年的 ${KINDS.rate!(String(p.floor), 'zh')}，应填 ${p.suggestion}。` : ''),
    en: (p) =>
      `The floor ${p.floor} must be between -1 and 0: how much less than last year a school may get at most (-0.03 guarantees 97 %).` +
      (p.suggestion ? ` To guarantee ${KINDS.rate!(String(p.floor), 'en')} of last year, write ${p.suggestion}.` : ''),
  },
  protection_gain_cap_negative: {
    zh: '增幅上限 {gainCap} 不能为负数（0.08 即比上年最多增加 8%）。',
    en: 'The gainCap {gainCap} must not be negative (0.08 means at most 8 % more than last year).',
  },

  // Baselines.
  baseline_duplicate_school: {
    zh: '基数文件中学校 {schoolId} 出现了两次。',
    en: 'School {schoolId} appears twice in the baseline.',
  },
  baseline_students_mismatch: {
    zh: '基数文件中学校 {schoolId} 的在校生数为 {students}，但各明细行合计为 {lineStudents}；文件可能被改动或截断。',
    en: 'The baseline states {students} students for school {schoolId}, but its lines add up to {lineStudents}; the file may have been edited or truncated.',
  },
  baseline_total_mismatch: {
    zh: '基数文件各校拨款合计为 {schoolsTotal:money}，与汇总的拨款总额 {total:money} 不符；文件可能被改动或截断。',
    en: "The baseline's school allocations add up to {schoolsTotal:money}, not to its total allocation {total:money}; the file may have been edited or truncated.",
  },
  protection_without_baseline: {
    zh: '规则集设有保底与封顶，但未提供上年基数，本次测算未执行保底与封顶。',
    en: 'The rule set has year-on-year protection but no baseline was given, so protection was not applied.',
  },
  baseline_unused: {
    zh: '提供了上年基数，但规则集未设保底与封顶，基数未使用。',
    en: 'A baseline was given but the rule set has no protection; the baseline was not used.',
  },
  baseline_not_earlier: {
    zh: '基数为 {baselineYear} 年度的结果，不早于本次测算的 {fiscalYear} 年度；请确认是否选错了基数。',
    en: 'The baseline is for fiscal year {baselineYear}, not earlier than this run ({fiscalYear}); check that it is the right baseline.',
  },

  // Envelope with protection.
  budget_below_guarantees: {
    zh: '预算 {budget:money} 不足以支付各校保底额合计 {guarantees:money}，缺口 {shortfall:money}。请提高预算或调整保底比例。',
    en: 'The budget {budget:money} is below the schools’ guarantees, which add up to {guarantees:money}: short by {shortfall:money}. Raise the budget or lower the floor.',
  },
  budget_above_caps: {
    zh: '预算 {budget:money} 超过各校封顶后可分配的最高总额 {maximum:money}，多出 {excess:money}。请降低预算、放宽增幅封顶，或改用“不超过预算”的预算约束。',
    en: 'The budget {budget:money} is more than the schools can receive with every school at its cap ({maximum:money}): over by {excess:money}. Lower the budget, raise the gainCap, or use the cap policy.',
  },

  // Statement words (one school's protection, in its statement; "按上年生均 … 保底 97%").
  protection_basis_per_student: {
    zh: '保底与封顶：按上年生均 {perStudent:money}（上年拨款 {baselineAllocation:money}，在校生 {baselineStudents:number} 人）乘今年在校生 {students:number} 人计算。',
    en: "Year-on-year protection: last year's {perStudent:money} per student (allocation {baselineAllocation:money}, {baselineStudents:number} students) times this year's {students:number} students.",
  },
  protection_basis_total: {
    zh: '保底与封顶：按上年拨款总额 {baselineAllocation:money} 计算。',
    en: "Year-on-year protection on last year's total allocation {baselineAllocation:money}.",
  },
  protection_floor: {
    zh: '保底 {guarantee:rate}：不低于 {floor:money}。',
    en: 'Guaranteed {guarantee:rate}: at least {floor:money}.',
  },
  protection_cap: {
    zh: '增幅封顶 {gainCap:rate}：不高于 {cap:money}。',
    en: 'Gains capped at {gainCap:rate}: at most {cap:money}.',
  },
  protection_bound_floor: {
    zh: '本校按标准应拨 {entitlement:money} 低于保底额，按保底额 {floor:money} 核定。',
    en: "This school's entitlement {entitlement:money} is below its guarantee, so it gets the guarantee {floor:money}.",
  },
  protection_bound_cap: {
    zh: '本校按标准应拨 {entitlement:money} 高于封顶额，按封顶额 {cap:money} 核定。',
    en: "This school's entitlement {entitlement:money} is above its cap, so it gets the cap {cap:money}.",
  },
  protection_bound_floor_scaled: {
    zh: '按预算调整系数 {factor} 计算，本校应拨低于保底额，按保底额 {floor:money} 核定。',
    en: 'Scaled to the budget (factor {factor}), this school would get less than its guarantee, so it gets the guarantee {floor:money}.',
  },
  protection_bound_cap_scaled: {
    zh: '按预算调整系数 {factor} 计算，本校应拨高于封顶额，按封顶额 {cap:money} 核定。',
    en: 'Scaled to the budget (factor {factor}), this school would get more than its cap, so it gets the cap {cap:money}.',
  },
  protection_not_bound: {
    zh: '本校拨款在保底额与封顶额之间，按公式核定。',
    en: "This school's allocation lies between its guarantee and its cap, so the formula decides it.",
  },
  protection_not_in_baseline: {
    zh: '本校不在上年基数中（或上年拨款、在校生为 0），不适用保底与封顶。',
    en: 'This school is not in the baseline (or had no allocation or students there), so protection does not apply to it.',
  },

  // Solving a standard for a budget (SPEC §8).
  unknown_parameter: {
    zh: '“{parameter}”不是可反推的参数，可用：{forms:list}。',
    en: '"{parameter}" is not a parameter that can be solved; use one of {forms:list}.',
  },
  parameter_target_unknown: {
    zh: (p) => `参数“${p.parameter}”：规则集中没有${({ tier: '档次', category: '专业大类', 'class band': '班型', uplift: '上浮项目' } as Record<string, string>)[String(p.what)] ?? String(p.what)}“${p.key}”。`,
    en: (p) => `Parameter "${p.parameter}": the rule set has no ${p.what} "${p.key}".`,
  },
  parameter_kind_mismatch: {
    zh: (p) => `参数“${p.parameter}”：上浮项目“${p.id}”是${p.has === 'rate' ? '比例上浮' : '定额上浮'}，应使用 uplifts.${p.id}.${p.has}。`,
    en: (p) => `Parameter "${p.parameter}": uplift "${p.id}" is ${p.has === 'rate' ? 'a rate' : 'an amount'} uplift; use uplifts.${p.id}.${p.has}.`,
  },
  parameter_has_no_effect: {
    zh: '参数“{parameter}”不影响任何享受拨款的在校生（没有专业行用到它，或保底封顶使其不起作用），无法据预算反推。',
    en: 'Parameter "{parameter}" affects no funded students (no line uses it, or protection absorbs every change), so no budget can be solved for it.',
  },
  budget_below_minimum: {
    zh: '即使“{parameter}”取 0，拨款总额也有 {minimum:money}，超过预算 {budget:money}。',
    en: 'Even with "{parameter}" at 0 the total is {minimum:money}, more than the budget {budget:money}.',
  },
  budget_above_maximum: {
    zh: '“{parameter}”取任何值，拨款总额都不超过 {maximum:money}，花不完预算 {budget:money}（比例上限、上浮上限或保底封顶所限）。',
    en: 'No value of "{parameter}" spends the budget {budget:money}: the total never exceeds {maximum:money} (a rate limit, the uplift cap or protection caps it).',
  },
  budget_not_amount: {
    zh: '预算“{budget}”不是非负的金额。',
    en: 'The budget "{budget}" is not a non-negative amount.',
  },
  budget_not_whole_units: {
    zh: (p) => `预算 ${p.budget} 不是整${p.scale === 0 ? '元' : '分'}数（规则集取整到 ${p.scale} 位小数）。`,
    en: (p) => `The budget ${p.budget} is not a whole number of ${p.scale === 0 ? 'yuan' : 'fen'} (the rule set rounds to ${p.scale} decimals).`,
  },
  step_invalid: {
    zh: '步长“{step}”应为正数（比例参数不大于 10）。',
    en: 'The step "{step}" must be a positive number (at most 10 for a rate).',
  },

  protection_share: {
    zh: '标准未变，本校拨款由保底或封顶决定，各行分摊份额随之变化',
    en: 'Standard unchanged; the school’s floor or cap set its allocation, and the lines’ shares of it moved',
  },

  // Multi-year plans (SPEC §12).
  growth_out_of_range: {
    zh: '增长率 {rate} 应在 -1 与 1 之间，为小数（0.02 即增长 2%）。',
    en: 'Growth rate {rate} must be a fraction between -1 and 1 (0.02 means +2 %).',
  },
  growth_category_unknown: {
    zh: '{fiscalYear} 年度的规则集中没有专业大类“{category}”，无法按其增长率推算。',
    en: 'The {fiscalYear} rule set has no category "{category}" to apply its growth rate to.',
  },
  growth_overlap: {
    zh: (p) => `有 ${p.lines} 行同时匹配专业大类（${listOf(p.categories, 'zh')}）与班型（${classTypes(p.classTypes, 'zh')}）的增长率，按专业大类的增长率推算。`,
    en: (p) => `${p.lines} line(s) match both a category rate (${listOf(p.categories, 'en')}) and a class-type rate (${classTypes(p.classTypes, 'en')}); the category rate was applied.`,
  },
  plan_years_not_ascending: {
    zh: '年度 {fiscalYear} 应晚于上一年度 {previous}。',
    en: 'Fiscal year {fiscalYear} must come after {previous}.',
  },
  plan_first_year_projected: {
    zh: '第一年没有上一年度可推算，请给出其在校生数据。',
    en: 'The first year has no previous year to project from; give its enrolment.',
  },
  plan_budget_missing: {
    zh: '预算约束“{policy}”需要给出预算。',
    en: 'Envelope policy "{policy}" needs a budget.',
  },
  plan_rules_year_mismatch: {
    zh: '该年度为 {fiscalYear} 年，但所用规则集适用于 {rulesYear} 年；请使用该年度的规则集（可复制后修改年度）。',
    en: 'The year is {fiscalYear} but its rule set is for {rulesYear}; use a rule set for that year (copy it and change its fiscalYear).',
  },
  plan_reference_unsupported: {
    zh: '命令行只能读取文件或内嵌规则集；“{reference}”需通过服务端接口解析。',
    en: 'The command line reads files and inline rule sets only; "{reference}" is resolved by the API.',
  },
  plan_file_unreadable: {
    zh: '无法读取文件 {file}（{reason}）。',
    en: 'Cannot read {file} ({reason}).',
  },
  file_not_json: {
    zh: '{file} 不是有效的 JSON：{reason}',
    en: '{file} is not valid JSON: {reason}',
  },
} satisfies Catalog;

import type { Catalog } from './types';

/**
 * Where people see why an allocation changed (issue 12): the API's refusals of `GET /runs/{id}/attribution`, its
 * export and the simulations' attribution, and the console's words around the waterfall and the effect tables.
 * The effects' own names and each line in words are in ./attribution.ts.
 */
export const attributionViewMessages = {
  // the API's refusals
  attribution_run_not_complete: {
    zh: '测算 {runId} 尚未计算完成，完成后才能比较。',
    en: 'Run {runId} is still being computed; it can be compared once it is complete.',
  },
  attribution_no_previous_run: {
    zh: '测算 {runId} 之前没有同一规则集已批准的拨款，无法比较；请选择比较对象。',
    en: 'Run {runId} has no earlier approved run of the same rule set to compare with; name one (against).',
  },
  attribution_no_previous_allocation: {
    zh: '本校在测算 {runId} 之前没有已批准的拨款，无从比较。',
    en: 'Your school has no approved allocation before run {runId} to compare with.',
  },
  attribution_school_not_in_runs: {
    zh: '测算 {runId} 与测算 {against} 中都没有学校 {schoolId}。',
    en: 'Neither run {runId} nor run {against} has school {schoolId}.',
  },
  attribution_runs_incomparable: {
    zh: '测算 {runId} 与测算 {against} 无法比较，原因见下列各项。',
    en: 'Run {runId} cannot be compared with run {against}; see each problem.',
  },
  attribution_input_missing: {
    zh: '测算 {runId} 的输入已无法读取（{what} 不存在），不能按输入重算归因。',
    en: 'The inputs of run {runId} can no longer be read ({what} does not exist); it cannot be recomputed for attribution.',
  },
  attribution_run_not_reproducible: {
    zh: '测算 {runId} 按其输入重算，学校 {schoolId} 得 {computed:money}，与保存的 {stored:money} 不一致，不能据此归因。请联系系统管理员。',
    en: 'Recomputed from its inputs, run {runId} gives school {schoolId} {computed:money}, not the {stored:money} it stored; it cannot be attributed. Tell the administrator.',
  },
  attribution_run_totals_not_reproducible: {
    zh: '测算 {runId} 按其输入重算，测算总额为 {computed:money}，与保存的 {stored:money} 不一致，不能据此归因。请联系系统管理员。',
    en: 'Recomputed from its inputs, run {runId} entitles {computed:money} in total, not the {stored:money} it stored; it cannot be attributed. Tell the administrator.',
  },
  attribution_school_not_in_dataset: {
    zh: '在校生数据集 {datasetId} 中没有学校 {schoolId}。',
    en: 'Dataset {datasetId} has no school {schoolId}.',
  },
  attribution_simulation_incomparable: {
    zh: '方案规则与现行规则的币种或取整位数不同，无法比较，原因见下列各项。',
    en: 'The candidate rules cannot be compared with the base rules (currency or rounding scale); see each problem.',
  },
  attribution_candidates_too_large: {
    zh: '多方案对比结果有 {megabytes} MB，超过接口可返回的 6 MB；请减少同时对比的方案，或用 skillfund attribute 在本机逐一对比。',
    en: 'The side-by-side comparison is {megabytes} MB, more than the API can return (6 MB); compare fewer candidates at a time, or run skillfund attribute locally.',
  },
  attribution_export_too_many_lines: {
    zh: '变动明细有 {lines:number} 行，超过接口可导出的 {maximum:number} 行；请导出不含明细的工作簿（lines=false），或用 skillfund attribute --format xlsx 在本机生成完整文件。',
    en: 'The attribution has {lines:number} moved lines, more than the {maximum:number} an export through the API can hold; export without the lines (lines=false), or run skillfund attribute --format xlsx locally for the whole file.',
  },
  attribution_too_large: {
    zh: '变动归因有 {megabytes} MB，超过接口可返回的 6 MB；请用 skillfund attribute 在本机生成。',
    en: 'The attribution is {megabytes} MB, more than the API can return (6 MB); run skillfund attribute locally.',
  },

  // the console: a run's or a school's change, the finance table, the simulation and candidates side by side
  attribution_view_title_previous: { zh: '与上一次批准的拨款相比', en: 'Compared with the previous approved allocation' },
  attribution_view_title_run: { zh: '与测算 {runId} 相比', en: 'Compared with run {runId}' },
  attribution_view_against_approved: {
    zh: '比较对象：{year} 年度拨款（测算 {runId}，{at} 批准）',
    en: 'Compared with the {year} allocation (run {runId}, approved {at})',
  },
  attribution_view_against_run: { zh: '比较对象：{year} 年度测算 {runId}（{state}）', en: 'Compared with the {year} run {runId} ({state})' },
  attribution_view_moved: {
    zh: '由 {before:money} 变为 {after:money}，增减 {change:signedMoney}',
    en: 'From {before:money} to {after:money}: {change:signedMoney}',
  },
  attribution_view_base_bar: { zh: '上次拨款', en: 'Previous allocation' },
  attribution_view_new_bar: { zh: '本次拨款', en: 'This allocation' },
  attribution_view_base_rules_bar: { zh: '现行规则', en: 'Base rules' },
  attribution_view_candidate_rules_bar: { zh: '方案规则', en: 'Candidate rules' },
  attribution_view_lines_title: { zh: '变动的专业（{count} 项）', en: 'Lines that moved ({count})' },
  attribution_view_unchanged: { zh: '与比较对象相比，本校各专业的拨款没有变动。', en: 'No line of the school moved.' },
  attribution_view_students: { zh: '在校生（上次→本次）', en: 'Students (before → after)' },
  attribution_view_per_student: { zh: '生均标准（上次→本次）', en: 'Per student (before → after)' },
  attribution_view_not_funded: { zh: '不拨款', en: 'not funded' },
  attribution_view_line_total: { zh: '合计影响（元）', en: 'Effect (yuan)' },
  attribution_view_reasons: { zh: '变动原因', en: 'Why' },
  attribution_view_school_effects: { zh: '学校层面的调整', en: 'School-level adjustments' },
  attribution_view_card_title: { zh: '变动归因', en: 'Why the allocation changed' },
  attribution_view_against_label: { zh: '比较对象', en: 'Compared with' },
  attribution_view_option_default: { zh: '{runId}（{year} 年度，上一次批准的拨款）', en: '{runId} ({year}, the previous approved run)' },
  attribution_view_option_run: { zh: '{runId}（{year} 年度，{state}）', en: '{runId} ({year}, {state})' },
  attribution_view_no_default: { zh: '请选择比较对象', en: 'Choose a run to compare with' },
  attribution_view_totals: { zh: '各因素合计', en: 'Totals per effect' },
  attribution_view_counts: {
    zh: '增加 {gaining} 所，减少 {losing} 所，不变 {unchanged} 所',
    en: '{gaining} gaining, {losing} losing, {unchanged} unchanged',
  },
  attribution_view_per_school: { zh: '各校变动归因', en: 'Each school’s change' },
  attribution_view_search: { zh: '搜索学校代码或名称', en: 'Search school code or name' },
  attribution_view_export: { zh: '导出变动归因（XLSX）', en: 'Export the attribution (XLSX)' },
  attribution_view_col_base: { zh: '上次拨款（元）', en: 'Before (yuan)' },
  attribution_view_col_new: { zh: '本次拨款（元）', en: 'Now (yuan)' },
  attribution_view_col_change: { zh: '增减（元）', en: 'Change (yuan)' },
  attribution_view_col_percent: { zh: '增减率', en: 'Change %' },
  attribution_view_col_effect: { zh: '{name}（元）', en: '{name} (yuan)' },
  attribution_view_effect: { zh: '变动因素', en: 'Effect' },
  attribution_view_amount: { zh: '金额（元）', en: 'Amount (yuan)' },
  attribution_view_statement: { zh: '逐行说明', en: 'Statement' },
  attribution_view_sim_title: {
    zh: '变动归因：方案规则与现行规则相比（同一在校生数据与预算约束）',
    en: 'Why: the candidate rules against the base rules (same enrolment and envelope)',
  },
  attribution_view_by_class_type: { zh: '按班级类型', en: 'By class type' },
  attribution_view_largest: { zh: '变动最大的学校', en: 'Largest changes' },
  attribution_view_expand_hint: { zh: '展开一行可查看该校各专业的变动原因。', en: 'Expand a row for the reasons line by line.' },
  attribution_view_candidates_title: { zh: '多方案对比（最多 {max} 个方案）', en: 'Candidates side by side (up to {max})' },
  attribution_view_candidates_pick: { zh: '选择方案规则', en: 'Choose candidate rules' },
  attribution_view_candidates_run: { zh: '对比', en: 'Compare' },
  attribution_view_candidate_this: { zh: '本草稿', en: 'This draft' },
  attribution_view_candidate_draft: { zh: '草稿 {draftId}', en: 'Draft {draftId}' },
  attribution_view_candidate_total: { zh: '方案规则合计（元）', en: 'Candidate total (yuan)' },
  attribution_view_candidates_schools: { zh: '各校在各方案下的增减（元）', en: 'Each school’s change under each candidate (yuan)' },
  attribution_view_item: { zh: '项目', en: 'Item' },
} satisfies Catalog;

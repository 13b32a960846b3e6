import type { MessageParam } from '../domain/problems';
import { governanceMessages } from './governance';
import type { Catalog, Lang } from './types';

/** A run's state in words, as the run pages name it (messages/governance.ts). */
function stateName(state: MessageParam | undefined, lang: Lang): string {
  const entry = (governanceMessages as Catalog)[`run_state_${String(state)}`];
  const text = entry?.[lang];
  return typeof text === 'string' ? text : String(state);
}

/**
 * The API of the planning loop (SPEC §7, §8, §12, §13): a run's baseline taken from an approved run, `POST /solutions`
 * and `POST /plans`, and the references their bodies make to versions, drafts, datasets and runs.
 */
export const planningApiMessages = {
  // What a refused request says above its problems.
  solve_refused: {
    zh: '无法按此预算反推标准，请按下列各项修改。',
    en: 'The standard cannot be solved for this budget; see each problem.',
  },
  solve_rules_invalid: {
    zh: '要反推的规则集有误，请按下列各项修改。',
    en: 'The rule set to solve is not valid; see each problem.',
  },
  plan_refused: {
    zh: '无法完成多年度测算，请按下列各项修改。',
    en: 'The plan cannot be computed; see each problem.',
  },

  // An answer larger than a Lambda may return (6 MB): what to ask instead.
  response_too_large_solution: {
    zh: '反推结果连同对比有 {megabytes} MB，超过接口可返回的 6 MB；请不带对比重新反推（comparison: false），或用 skillfund solve 在本机计算。',
    en: 'The solution with its comparison is {megabytes} MB, more than the API can return (6 MB); ask without the comparison (comparison: false) or run skillfund solve locally.',
  },
  response_too_large_plan: {
    zh: '多年度测算结果有 {megabytes} MB，超过接口可返回的 6 MB；请加 ?schools=false（各校逐年拨款仍在 trajectory 中）或 ?attribution=false，或用 skillfund plan 在本机测算。',
    en: 'The plan is {megabytes} MB, more than the API can return (6 MB); ask with ?schools=false (the trajectory keeps every school’s allocations) or ?attribution=false, or run skillfund plan locally.',
  },
  response_too_large_plan_export: {
    zh: '多年度测算的 {format} 文件有 {megabytes} MB，超过接口可返回的 6 MB；请改为导出 CSV（文件更小），或用 skillfund plan --format xlsx 在本机生成。',
    en: 'The {format} export of the plan is {megabytes} MB, more than the API can return (6 MB); ask for CSV, which is smaller, or run skillfund plan --format xlsx locally.',
  },

  // baselineRunId: why a run cannot be last year's result.
  baseline_run_not_found: {
    zh: '找不到拨款测算 {runId}，不能作为上年基数。',
    en: 'Run {runId} does not exist, so it cannot be the baseline.',
  },
  baseline_run_not_approved: {
    zh: (p) => `拨款测算 ${p.runId} 的状态为“${stateName(p.state, 'zh')}”；只有已批准（现行）的测算才能作为上年基数。`,
    en: (p) => `Run ${p.runId} is ${stateName(p.state, 'en').toLowerCase()}; only an approved (current) run can be the baseline.`,
  },
  baseline_run_superseded: {
    zh: '拨款测算 {runId} 已被 {currentRunId} 替代，请改用现行的已批准测算作为上年基数。',
    en: 'Run {runId} was superseded by {currentRunId}; use the current approved run as the baseline.',
  },
  baseline_run_other_series: {
    zh: '拨款测算 {runId} 属于规则集 {ruleSetId}，不是 {expected}，不能作为本规则集的上年基数。',
    en: 'Run {runId} belongs to rule set {ruleSetId}, not {expected}, so it cannot be this rule set’s baseline.',
  },
  baseline_run_not_earlier: {
    zh: '拨款测算 {runId} 是 {baselineYear} 年度的，不早于 {fiscalYear} 年度，不能作为上年基数。',
    en: 'Run {runId} is for fiscal year {baselineYear}, not earlier than {fiscalYear}, so it cannot be the baseline.',
  },

  // References in a request body.
  referenced_version_not_found: {
    zh: '规则集 {ruleSetId} 没有第 {version} 版。',
    en: 'Rule set {ruleSetId} has no version {version}.',
  },
  referenced_rule_set_unpublished: {
    zh: '规则集 {ruleSetId} 还没有发布的版本。',
    en: 'Rule set {ruleSetId} has no published version.',
  },
  referenced_draft_not_found: {
    zh: '规则集 {ruleSetId} 没有草稿 {draftId}。',
    en: 'Rule set {ruleSetId} has no draft {draftId}.',
  },
  referenced_dataset_not_found: {
    zh: '找不到在校生数据集 {datasetId}。',
    en: 'Dataset {datasetId} does not exist.',
  },
  referenced_dataset_not_sealed: {
    zh: '在校生数据集 {datasetId} 尚未封存，封存后才能用于测算。',
    en: 'Dataset {datasetId} is not sealed yet; seal it before computing with it.',
  },
  plan_draft_needs_rule_set: {
    zh: '请同时写明草稿 {draftId} 所属的规则集（ruleSetId）。',
    en: 'Name the rule set of draft {draftId} too (ruleSetId).',
  },
  plan_file_not_in_api: {
    zh: '接口中不能引用文件“{reference}”：规则集请写 {"ruleSetId","version"} 或 {"ruleSetId","draftId"}，在校生数据请写 {"datasetId"}，上年基数请写 {"runId"}。',
    en: 'The API cannot read the file "{reference}": give a rule set as {"ruleSetId","version"} or {"ruleSetId","draftId"}, an enrolment as {"datasetId"} and a baseline as {"runId"}.',
  },
  plan_dataset_year_mismatch: {
    zh: '在校生数据集 {datasetId} 是 {datasetYear} 年度的，不是 {fiscalYear} 年度的。',
    en: 'Dataset {datasetId} is for fiscal year {datasetYear}, not {fiscalYear}.',
  },
} satisfies Catalog;

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
    zh: '测算 {runId} 之前没有同一规则集已批准的拨款，无法比较；请指定比较对象（against）。',
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
  attribution_too_large: {
    zh: '变动归因有 {megabytes} MB，超过接口可返回的 6 MB；请用 skillfund attribute 在本机生成。',
    en: 'The attribution is {megabytes} MB, more than the API can return (6 MB); run skillfund attribute locally.',
  },
} satisfies Catalog;

import type { Catalog } from './types';

/** A stored simulation paged on the server (issue 14): what the API and the console say about it. */
export const simulationPageMessages = {
  simulation_not_found: {
    zh: '找不到模拟测算 {simulationId}：它可能已过期（保留 {hours:number} 小时），或不是您发起的。请重新运行模拟。',
    en: 'Simulation {simulationId} does not exist: it may have expired (kept {hours:number} hours) or been run by someone else. Run the simulation again.',
  },
  simulation_exists: { zh: '模拟测算 {simulationId} 已存在，请重新运行模拟。', en: 'Simulation {simulationId} already exists; run the simulation again.' },
  sim_schools_search: { zh: '按学校名称或代码搜索', en: 'Search by school name or code' },
  sim_schools_total: { zh: '共 {count:number} 所学校', en: '{count:number} schools' },
  sim_schools_filtered: { zh: '筛选后 {count:number} 所学校', en: '{count:number} schools match' },
} satisfies Catalog;

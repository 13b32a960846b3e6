import type { AllocationResult, SchoolResult } from '../domain/result';
import { render } from '../messages';
import type { Column, Lang } from './columns';
import { MONEY_FORMAT, type TableCell } from './tables';

const BOUND_NAMES = { floor: { zh: '保底', en: 'floor' }, cap: { zh: '封顶', en: 'cap' } } as const;

/** A school's protection (SPEC §7) as columns; used only for results that applied protection. */
export const PROTECTION_COLUMNS: Column<Omit<SchoolResult, 'lines'>>[] = [
  { zh: '上年拨款(元)', en: 'baseline_allocation', value: (s) => s.protection?.baselineAllocation ?? null, numeric: true, numFmt: MONEY_FORMAT, width: 16 },
  { zh: '上年在校生数', en: 'baseline_students', value: (s) => s.protection?.baselineStudents ?? null, numeric: true },
  { zh: '保底额(元)', en: 'floor', value: (s) => s.protection?.floor ?? null, numeric: true, numFmt: MONEY_FORMAT, width: 16 },
  { zh: '封顶额(元)', en: 'cap', value: (s) => s.protection?.cap ?? null, numeric: true, numFmt: MONEY_FORMAT, width: 16 },
  { zh: '保底封顶约束', en: 'bound', value: (s, lang) => (s.protection?.bound ? BOUND_NAMES[s.protection.bound][lang] : null) },
];

/** The protection columns when the result has them, else none (so results without protection export as before). */
export function protectionColumns(result: Pick<AllocationResult, 'summary'>): Column<Omit<SchoolResult, 'lines'>>[] {
  return result.summary.protection ? PROTECTION_COLUMNS : [];
}

/** Summary rows of protection: basis, baseline, counts and costs. */
export function protectionSummaryRows(result: Pick<AllocationResult, 'summary'>): [string, string, TableCell][] {
  const p = result.summary.protection;
  if (!p) return [];
  return [
    ['保底方式', 'protection basis', p.basis === 'perStudent' ? '按生均' : '按总额'],
    ['保底比例', 'protection floor', p.floor ?? null],
    ['增幅上限', 'gain cap', p.gainCap ?? null],
    ['保底依据', 'protection source', p.source ?? null],
    ['基数年度', 'baseline fiscal year', p.baseline.fiscalYear ?? null],
    ['基数拨款总额(元)', 'baseline total allocation', p.baseline.totalAllocation],
    ['受保护学校数', 'schools protected', p.schoolsProtected],
    ['保底学校数', 'schools at floor', p.schoolsAtFloor],
    ['封顶学校数', 'schools at cap', p.schoolsAtCap],
    ['保底所需资金(元)', 'floor cost', p.floorCost],
    ['封顶调减资金(元)', 'cap saving', p.capSaving],
    ['保底额合计(元)', 'total guarantees', p.totalGuarantees],
    ['预算调整系数', 'envelope factor', p.envelopeFactor],
  ];
}

import type { PlanResult, PlanSchool, PlanYearResult, SchoolTrajectory } from '../domain/plan';
import type { SolveResult } from '../domain/solve';
import { render } from '../messages';
import { headersOf, rowsOf, xlsxColumns, type Column, type Lang } from './columns';
import { comparisonSchoolRows, comparisonSheets } from './comparison-writer';
import { PROTECTION_COLUMNS } from './protection-columns';
import { SCHOOL_COLUMNS, SCHOOL_TOTAL_COLUMNS } from './result-writer';
import { MONEY_FORMAT, toCsv, toXlsx, type TableCell, type XlsxSheet } from './tables';

/** Exports of `solve` (SPEC §8) and of plans (§12). Money stays decimal text; the workbook makes exact numbers of it. */

const ITEM_COLUMNS = (lang: Lang) => [
  { header: lang === 'zh' ? '项目' : 'item', width: 24 },
  { header: lang === 'zh' ? '值' : 'value', width: 60 },
];

function solveRows(result: SolveResult, lang: Lang): TableCell[][] {
  const rows: [string, string, TableCell][] = [
    ['反推参数', 'parameter', result.parameter],
    ['原值', 'starting value', result.startingValue],
    ['反推值', 'value', result.value],
    ['步长', 'step', result.step],
    ['预算(元)', 'budget', result.budget],
    ['拨款总额(元)', 'total', result.total],
    ['预算结余(元)', 'gap', result.gap],
    ['再加一个步长的拨款总额(元)', 'total one step higher', result.nextTotal],
    ['受影响明细行数', 'dependent lines', result.dependentLines],
    ['精确计算次数', 'evaluations', result.evaluations],
    ...result.notices.map((notice): [string, string, TableCell] => ['提示', 'warning', render(notice, lang)]),
  ];
  return rows.map(([zh, en, value]) => [lang === 'zh' ? zh : en, value]);
}

/** The answer (item, value), an empty row, then the §5 per-school comparison with the starting rule set. */
export function solveToCsv(result: SolveResult, lang: Lang = 'zh'): string {
  const header: TableCell[] = [lang === 'zh' ? '项目' : 'item', lang === 'zh' ? '值' : 'value'];
  return toCsv([header, ...solveRows(result, lang), ...(result.comparison ? [[], ...comparisonSchoolRows(result.comparison, lang)] : [])]);
}

/** 反推结果 (the answer), then the comparison's sheets. */
export async function solveToXlsx(result: SolveResult, lang: Lang = 'zh'): Promise<Uint8Array> {
  const sheets: XlsxSheet[] = [{ name: lang === 'zh' ? '反推结果' : 'Solution', columns: ITEM_COLUMNS(lang), rows: solveRows(result, lang) }];
  return toXlsx(result.comparison ? [...sheets, ...comparisonSheets(result.comparison, lang)] : sheets);
}

const money = <T>(zh: string, en: string, value: (item: T) => string | null): Column<T> => ({ zh, en, value, numeric: true, numFmt: MONEY_FORMAT, width: 16 });

const YEAR_COLUMNS: Column<PlanYearResult>[] = [
  { zh: '年度', en: 'fiscal_year', value: (y) => y.fiscalYear, numeric: true },
  { zh: '规则集', en: 'rule_set', value: (y) => `${y.summary.ruleSet.name} (${y.ruleSetSource})`, width: 40 },
  { zh: '在校生数据', en: 'enrollment', value: (y) => y.enrollment.source, width: 24 },
  { zh: '在校生总数', en: 'students', value: (y) => y.enrollment.students, numeric: true },
  { zh: '预算控制方式', en: 'envelope_policy', value: (y) => y.summary.envelope.policy },
  money('预算(元)', 'budget', (y) => y.summary.envelope.budget ?? null),
  money('测算总额(元)', 'total_entitlement', (y) => y.totalEntitlement),
  money('拨款总额(元)', 'total_allocation', (y) => y.totalAllocation),
  { zh: '保底学校数', en: 'schools_at_floor', value: (y) => y.schoolsAtFloor, numeric: true },
  { zh: '封顶学校数', en: 'schools_at_cap', value: (y) => y.schoolsAtCap, numeric: true },
  money('保底所需资金(元)', 'floor_cost', (y) => y.summary.protection?.floorCost ?? null),
  money('封顶调减资金(元)', 'cap_saving', (y) => y.summary.protection?.capSaving ?? null),
];

interface TrajectoryRow {
  school: SchoolTrajectory;
}

/** One row per school and year, for CSV readers (the workbook spreads years over columns). */
const LONG_COLUMNS: Column<{ year: PlanYearResult; school: PlanSchool; change: string | null }>[] = [
  { zh: '年度', en: 'fiscal_year', value: (r) => r.year.fiscalYear },
  { zh: '学校代码', en: 'school_id', value: (r) => r.school.schoolId },
  { zh: '学校名称', en: 'school_name', value: (r) => r.school.schoolName },
  { zh: '在校生数', en: 'students', value: (r) => r.school.students },
  { zh: '测算金额(元)', en: 'entitlement', value: (r) => r.school.entitlement },
  { zh: '拨款金额(元)', en: 'allocation', value: (r) => r.school.allocation },
  { zh: '比上年增减(元)', en: 'change', value: (r) => r.change },
  ...PROTECTION_COLUMNS.map((column) => ({ ...column, value: (r: { school: PlanSchool }, lang: Lang) => column.value(r.school, lang) })),
];

export function planToCsv(plan: PlanResult, lang: Lang = 'zh'): string {
  const changes = new Map(plan.trajectory.map((t) => [t.schoolId, new Map(t.years.map((p) => [p.fiscalYear, p.change]))]));
  const rows = plan.years.flatMap((year) => year.schools.map((school) => ({ year, school, change: changes.get(school.schoolId)?.get(year.fiscalYear) ?? null })));
  return toCsv([headersOf(LONG_COLUMNS, lang), ...rowsOf(LONG_COLUMNS, rows, lang)]);
}

/** 汇总 (a row per year), one sheet per year (its schools, with protection), and 轨迹 (school × year). */
export async function planToXlsx(plan: PlanResult, lang: Lang = 'zh'): Promise<Uint8Array> {
  const zh = lang === 'zh';
  const schoolColumns = [...SCHOOL_COLUMNS, ...SCHOOL_TOTAL_COLUMNS, ...PROTECTION_COLUMNS];
  const trajectoryColumns: Column<TrajectoryRow>[] = [
    { zh: '学校代码', en: 'school_id', value: (r) => r.school.schoolId, width: 12 },
    { zh: '学校名称', en: 'school_name', value: (r) => r.school.schoolName, width: 28 },
    ...plan.years.flatMap((year, i): Column<TrajectoryRow>[] => [
      money(`${year.fiscalYear}年拨款(元)`, `allocation_${year.fiscalYear}`, (r) => r.school.years[i]!.allocation),
      ...(i > 0 ? [money(`${year.fiscalYear}年增减(元)`, `change_${year.fiscalYear}`, (r: TrajectoryRow) => r.school.years[i]!.change)] : []),
      { zh: `${year.fiscalYear}年约束`, en: `bound_${year.fiscalYear}`, value: (r) => boundName(r.school.years[i]!.bound, lang) },
    ]),
  ];
  const sheets: XlsxSheet[] = [
    { name: zh ? '汇总' : 'Summary', columns: xlsxColumns(YEAR_COLUMNS, lang), rows: rowsOf(YEAR_COLUMNS, plan.years, lang) },
    ...plan.years.map((year) => ({ name: zh ? `${year.fiscalYear}年` : `FY${year.fiscalYear}`, columns: xlsxColumns(schoolColumns, lang), rows: rowsOf(schoolColumns, year.schools, lang) })),
    { name: zh ? '轨迹' : 'Trajectory', columns: xlsxColumns(trajectoryColumns, lang), rows: rowsOf(trajectoryColumns, plan.trajectory.map((school) => ({ school })), lang) },
  ];
  return toXlsx(sheets);
}

function boundName(bound: 'floor' | 'cap' | null, lang: Lang): string | null {
  if (bound === null) return null;
  return lang === 'zh' ? (bound === 'floor' ? '保底' : '封顶') : bound;
}

import { CLASS_TYPE_NAMES, ENVELOPE_POLICY_NAMES, OWNERSHIP_NAMES, REASON_NAMES, ROUNDING_MODE_NAMES, ROUNDING_SCALE_NAMES, SCHOOL_TYPE_NAMES } from '../messages/enums';
import { render } from '../messages/index';
import type { AllocationResult, ExcludedLine, LineResult, RunSummary, SchoolResult } from '../domain/result';
import { EXACT_MONEY_FORMAT, headersOf, label, xlsxColumns, type Column, type Lang } from './columns';
import type { ScheduledSchool, ScheduleSummary } from '../domain/instalments';
import { protectionColumns, protectionSummaryRows } from './protection-columns';
import { runCsvColumns, runRecordRows, scheduleSheet, type RunRecord, type SummaryRow } from './run-sheets';
import { csvPieces, MONEY_FORMAT, toXlsx, type TableCell, type XlsxSheet } from './tables';

export type { Lang } from './columns';
const yesNo = (value: boolean, lang: Lang) => (lang === 'zh' ? (value ? '是' : '否') : value ? 'yes' : 'no');

/** School columns read nothing of the lines, so plans without lines use them too. */
export const SCHOOL_COLUMNS: Column<Omit<SchoolResult, 'lines'>>[] = [
  { zh: '学校代码', en: 'school_id', value: (s) => s.schoolId, width: 12 },
  { zh: '学校名称', en: 'school_name', value: (s) => s.schoolName, width: 28 },
  { zh: '学校类型', en: 'school_type', value: (s, lang) => label(SCHOOL_TYPE_NAMES, s.schoolType, lang), width: 14 },
  { zh: '办学性质', en: 'ownership', value: (s, lang) => label(OWNERSHIP_NAMES, s.ownership, lang) },
  { zh: '地市', en: 'city', value: (s) => s.city ?? null },
];

export const SCHOOL_TOTAL_COLUMNS: Column<Omit<SchoolResult, 'lines'>>[] = [
  { zh: '是否享受', en: 'eligible', value: (s, lang) => yesNo(s.eligible, lang) },
  { zh: '说明', en: 'reason', value: (s, lang) => (s.reason ? label(REASON_NAMES, s.reason, lang) : null) },
  { zh: '在校生数', en: 'students', value: (s) => s.students, numeric: true },
  { zh: '按标准应拨(元)', en: 'entitlement', value: (s) => s.entitlement, numeric: true, numFmt: EXACT_MONEY_FORMAT, width: 18 },
  { zh: '拨款金额(元)', en: 'allocation', value: (s) => s.allocation, numeric: true, numFmt: MONEY_FORMAT, width: 18 },
];

const upliftText = (line: LineResult) =>
  line.uplifts.map((u) => `${u.name}(${u.rate !== undefined ? `+${u.rate}` : `+${u.amountPerStudent}元`})`).join('; ') || null;

const LINE_COLUMNS: Column<LineResult>[] = [
  { zh: '行号', en: 'row', value: (l) => l.row, numeric: true },
  { zh: '专业代码', en: 'major_code', value: (l) => l.majorCode },
  { zh: '专业名称', en: 'major_name', value: (l) => l.majorName, width: 20 },
  { zh: '专业大类', en: 'category', value: (l) => `${l.categoryCode} ${l.categoryName}`, width: 16 },
  { zh: '成本档次', en: 'tier', value: (l) => `${l.tier} ${l.tierName}` },
  { zh: '班级类型', en: 'class_type', value: (l, lang) => label(CLASS_TYPE_NAMES, l.classType, lang) },
  { zh: '分档', en: 'band', value: (l) => l.band },
  { zh: '在校生数', en: 'students', value: (l) => l.students, numeric: true },
  { zh: '基准标准(元)', en: 'base_standard', value: (l) => l.baseStandard, numeric: true, numFmt: MONEY_FORMAT },
  { zh: '分档标准(元)', en: 'banded_standard', value: (l) => l.bandedStandard, numeric: true, numFmt: MONEY_FORMAT },
  { zh: '上浮项目', en: 'uplifts', value: upliftText, width: 30 },
  { zh: '上浮比例', en: 'uplift_rate', value: (l) => l.upliftRate, numeric: true },
  { zh: '定额上浮(元)', en: 'uplift_amount', value: (l) => l.upliftAmount, numeric: true, numFmt: MONEY_FORMAT },
  { zh: '生均标准(元)', en: 'per_student', value: (l) => l.perStudent, numeric: true, numFmt: EXACT_MONEY_FORMAT },
  { zh: '按标准应拨(元)', en: 'entitlement', value: (l) => l.entitlement, numeric: true, numFmt: EXACT_MONEY_FORMAT, width: 18 },
  { zh: '拨款金额(元)', en: 'allocation', value: (l) => l.allocation, numeric: true, numFmt: MONEY_FORMAT, width: 18 },
  { zh: '说明', en: 'reason', value: (l, lang) => (l.reason ? label(REASON_NAMES, l.reason, lang) : null) },
];

const EXCLUDED_COLUMNS: Column<ExcludedLine>[] = [
  { zh: '行号', en: 'row', value: (e) => e.row, numeric: true },
  { zh: '原因', en: 'reason', value: (e, lang) => label(REASON_NAMES, e.reason, lang), width: 22 },
  { zh: '说明', en: 'message', value: (e, lang) => e.problems.map((problem) => render(problem, lang)).join(lang === 'zh' ? '' : ' '), width: 60 },
  { zh: '学校代码', en: 'school_id', value: (e) => e.schoolId ?? null },
  { zh: '专业代码', en: 'major_code', value: (e) => e.majorCode ?? null },
  { zh: '班级类型', en: 'class_type', value: (e) => e.classType ?? null },
];


/**
 * What the writers read: a result whose schools may be made as they are walked (a national run's lines are written
 * school by school and never all exist at once). An AllocationResult is one (`resultSource`).
 */
export interface ResultSource {
  summary: RunSummary;
  excluded: ExcludedLine[];
  /** Each school with its lines, in result order; walked once per sheet. */
  schools(): Iterable<SchoolResult>;
}

export const resultSource = (result: AllocationResult): ResultSource => ({ summary: result.summary, excluded: result.excluded, schools: () => result.schools });

/** One row per enrolment line, preceded by its school's columns; every line of every school, in result order. */
function* lineRows(result: ResultSource, lang: Lang): Generator<TableCell[]> {
  const schoolColumns = [...SCHOOL_COLUMNS, ...protectionColumns(result)];
  for (const school of result.schools()) {
    const schoolCells = schoolColumns.map((column) => column.value(school, lang));
    for (const line of school.lines) yield [...schoolCells, ...LINE_COLUMNS.map((column) => column.value(line, lang))];
  }
}

const csvHeader = (result: ResultSource, lang: Lang) => [...headersOf([...SCHOOL_COLUMNS, ...protectionColumns(result)], lang), ...headersOf(LINE_COLUMNS, lang)];

/**
 * The allocation as CSV: one row per line with its school's columns. The allocation column sums to
 * summary.totalAllocation. With the run's record, each row also names the run, its state and its approval. Made in
 * pieces as the schools are walked, so memory stays bounded whatever the size.
 */
export function resultCsvPieces(result: ResultSource, lang: Lang = 'zh', run?: RunRecord): Generator<string> {
  if (!run) return csvPieces(csvHeader(result, lang), lineRows(result, lang));
  const extra = runCsvColumns(run, lang);
  const cells = extra.map(([, value]) => value);
  return csvPieces([...csvHeader(result, lang), ...extra.map(([name]) => name)], withCells(lineRows(result, lang), cells));
}

function* withCells(rows: Iterable<TableCell[]>, cells: TableCell[]): Generator<TableCell[]> {
  for (const row of rows) yield [...row, ...cells];
}

/**
 * The allocation as CSV: one row per line with its school's columns. The allocation column sums to
 * summary.totalAllocation. With the run's record, each row also names the run, its state and its approval.
 */
export function resultToCsv(result: AllocationResult, lang: Lang = 'zh', run?: RunRecord): string {
  return [...resultCsvPieces(resultSource(result), lang, run)].join('');
}

function summaryRows(result: ResultSource, lang: Lang): SummaryRow[] {
  const s = result.summary;
  const zh = lang === 'zh';
  const money = (value: string | undefined): [TableCell, TableCell] => [null, value ?? null];
  const rows: [string, string, TableCell | [TableCell, TableCell]][] = [
    ['规则集', 'rule set', `${s.ruleSet.name} (${s.ruleSet.id}${s.ruleSet.version !== undefined ? ` v${s.ruleSet.version}` : ''})`],
    ['规则集哈希', 'rule set hash', s.ruleSet.hash],
    ['政策依据', 'source', s.ruleSet.source ?? null],
    ['财政年度', 'fiscal year', s.fiscalYear],
    ['币种', 'currency', s.currency],
    ['预算约束', 'envelope policy', label(ENVELOPE_POLICY_NAMES, s.envelope.policy, lang)],
    ['预算总额(元)', 'budget', money(s.envelope.budget)],
    ['取整', 'rounding', `${label(ROUNDING_SCALE_NAMES, String(s.rounding.scale) as '0' | '2', lang)}${zh ? '，' : ', '}${label(ROUNDING_MODE_NAMES, s.rounding.mode as 'half_up', lang)}`],
    ['调整系数 ΣA/ΣE', 'scale factor', s.scaleFactor],
    ['按标准应拨总额(元)', 'total entitlement', money(s.totalEntitlement)],
    ['拨款总额(元)', 'total allocation', money(s.totalAllocation)],
    ['学校数', 'schools', s.counts.schools],
    ['享受拨款学校数', 'eligible schools', s.counts.eligibleSchools],
    ['明细行数', 'lines', s.counts.lines],
    ['排除行数', 'excluded lines', s.counts.excludedLines],
    ['在校生总数', 'students', s.counts.students],
    ['在校生数据哈希', 'enrolment hash', s.enrollment.hash],
    ['计算引擎版本', 'engine version', s.engineVersion],
    ...protectionSummaryRows(result),
    ...s.warnings.map((warning): [string, string, TableCell] => ['提示', 'note', render(warning, lang)]),
  ];
  return rows.map(([zhLabel, enLabel, value]) => [zh ? zhLabel : enLabel, ...(Array.isArray(value) ? value : ([value, null] as [TableCell, TableCell]))]);
}

function totalsRow(columns: Column<SchoolResult>[], result: ResultSource, lang: Lang): TableCell[] {
  const totals: Record<string, TableCell> = {
    students: result.summary.counts.students,
    entitlement: result.summary.totalEntitlement,
    allocation: result.summary.totalAllocation,
  };
  return columns.map((column, index) => (index === 0 ? (lang === 'zh' ? '合计' : 'total') : (totals[column.en] ?? null)));
}

function* schoolRows(result: ResultSource, columns: Column<SchoolResult>[], lang: Lang): Generator<TableCell[]> {
  for (const school of result.schools()) yield columns.map((column) => column.value(school, lang));
  yield totalsRow(columns, result, lang);
}

/** What an API export adds to the workbook: the run's record, and its payment schedule when it has one. */
export interface ExportExtras {
  run?: RunRecord;
  schedule?: { schools: ScheduledSchool[]; summary: ScheduleSummary[] };
}

/** The allocation as a workbook: 汇总 (summary), 学校 (schools), 明细 (lines), 排除 (excluded lines), and 拨付计划 with a schedule. */
export async function resultToXlsx(whole: AllocationResult | ResultSource, lang: Lang = 'zh', extras: ExportExtras = {}): Promise<Uint8Array> {
  const result = 'schools' in whole && Array.isArray(whole.schools) ? resultSource(whole as AllocationResult) : (whole as ResultSource);
  const zh = lang === 'zh';
  const schoolColumns = [...SCHOOL_COLUMNS, ...SCHOOL_TOTAL_COLUMNS, ...protectionColumns(result)];
  const sheets: XlsxSheet[] = [
    {
      name: zh ? '汇总' : 'Summary',
      // Text values stay text (labels, hashes, ids must read exactly as in the JSON); amounts are number cells.
      columns: [
        { header: zh ? '项目' : 'item', width: 20 },
        { header: zh ? '值' : 'value', width: 60 },
        { header: zh ? '金额(元)' : 'amount (yuan)', numeric: true, numFmt: MONEY_FORMAT, width: 20 },
      ],
      rows: [...(extras.run ? runRecordRows(extras.run, lang) : []), ...summaryRows(result, lang)],
    },
    {
      name: zh ? '学校' : 'Schools',
      columns: xlsxColumns(schoolColumns, lang),
      rows: schoolRows(result, schoolColumns, lang),
    },
    { name: zh ? '明细' : 'Lines', columns: xlsxColumns([...SCHOOL_COLUMNS, ...protectionColumns(result), ...LINE_COLUMNS], lang), rows: lineRows(result, lang) },
    { name: zh ? '排除' : 'Excluded', columns: xlsxColumns(EXCLUDED_COLUMNS, lang), rows: result.excluded.map((e) => EXCLUDED_COLUMNS.map((c) => c.value(e, lang))) },
    ...(extras.schedule ? [scheduleSheet(result, extras.schedule, lang)] : []),
  ];
  return toXlsx(sheets);
}

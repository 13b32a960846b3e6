import { EFFECTS, LINE_EFFECTS, type Attribution, type AttributionLine, type AttributionSchool, type Effect, type EffectGroup, type LineEffect } from '../domain/attribution';
import { Decimal } from '../domain/decimal';
import { CLASS_TYPE_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from '../messages/enums';
import { effectName } from '../messages/attribution-text';
import { EXACT_MONEY_FORMAT, label, rowsOf, xlsxColumns, type Column, type Lang } from './columns';
import { MONEY_FORMAT, toCsv, toXlsx, type TableCell, type XlsxSheet } from './tables';

export type { Lang } from './columns';

const PERCENT_FORMAT = '0.00';
const money = <T>(zh: string, en: string, value: (item: T) => string | null, numFmt = MONEY_FORMAT): Column<T> => ({ zh, en, value, numeric: true, numFmt, width: 18 });
/** One column per effect, headed by its name in the catalogue; effects are exact, so they may carry more than fen. */
const effectColumns = <T, E extends Effect = Effect>(effects: readonly E[], value: (item: T, effect: E) => string): Column<T>[] =>
  effects.map((effect) => ({ zh: `${effectName(effect, 'zh')}(元)`, en: effect, value: (item: T) => value(item, effect), numeric: true, numFmt: EXACT_MONEY_FORMAT, width: 20 }));

/** Options of the writers: how a line's effects read in words (the CLI renders them from the catalogue). */
export interface AttributionWriterOptions {
  describeLine?: (line: AttributionLine, lang: Lang) => string;
}

const SCHOOL_COLUMNS: Column<AttributionSchool>[] = [
  { zh: '学校代码', en: 'school_id', value: (s) => s.schoolId, width: 12 },
  { zh: '学校名称', en: 'school_name', value: (s) => s.schoolName, width: 28 },
  { zh: '学校类型', en: 'school_type', value: (s, lang) => label(SCHOOL_TYPE_NAMES, s.schoolType, lang), width: 14 },
  { zh: '办学性质', en: 'ownership', value: (s, lang) => label(OWNERSHIP_NAMES, s.ownership, lang) },
  money('基准拨款(元)', 'base_allocation', (s) => s.baseAllocation),
  money('本次拨款(元)', 'new_allocation', (s) => s.newAllocation),
  money('增减(元)', 'change', (s) => s.change),
  { zh: '增减率(%)', en: 'change_percent', value: (s) => s.changePercent, numeric: true, numFmt: PERCENT_FORMAT },
  ...effectColumns<AttributionSchool>(EFFECTS, (s, effect) => s.effects[effect]),
  money('基准按标准应拨(元)', 'base_entitlement', (s) => s.baseEntitlement, EXACT_MONEY_FORMAT),
  money('本次按标准应拨(元)', 'new_entitlement', (s) => s.newEntitlement, EXACT_MONEY_FORMAT),
  { zh: '变动明细行数', en: 'lines', value: (s) => s.lines.length, numeric: true },
];

interface LineRow {
  school: AttributionSchool;
  line: AttributionLine;
}
const lineColumns = (options: AttributionWriterOptions): Column<LineRow>[] => [
  { zh: '学校代码', en: 'school_id', value: (r) => r.school.schoolId, width: 12 },
  { zh: '学校名称', en: 'school_name', value: (r) => r.school.schoolName, width: 24 },
  { zh: '专业代码', en: 'major_code', value: (r) => r.line.majorCode },
  { zh: '专业名称', en: 'major_name', value: (r) => r.line.majorName, width: 20 },
  { zh: '专业大类', en: 'category_name', value: (r) => r.line.categoryName, width: 14 },
  { zh: '班级类型', en: 'class_type', value: (r, lang) => label(CLASS_TYPE_NAMES, r.line.classType, lang) },
  { zh: '基准在校生数', en: 'base_students', value: (r) => r.line.baseStudents, numeric: true },
  { zh: '本次在校生数', en: 'new_students', value: (r) => r.line.newStudents, numeric: true },
  money('基准生均(元)', 'base_per_student', (r) => r.line.basePerStudent, EXACT_MONEY_FORMAT),
  money('本次生均(元)', 'new_per_student', (r) => r.line.newPerStudent, EXACT_MONEY_FORMAT),
  ...effectColumns<LineRow, LineEffect>(LINE_EFFECTS, (r, effect) => r.line.effects[effect]),
  money('合计影响(元)', 'total', (r) => LINE_EFFECTS.reduce((sum, effect) => sum.plus(r.line.effects[effect]), new Decimal(0)).toFixed(), EXACT_MONEY_FORMAT),
  { zh: '原因代码', en: 'reason_codes', value: (r) => r.line.reasons.map((reason) => (reason.subject ? `${reason.code}:${reason.subject}` : reason.code)).join(' '), width: 30 },
  ...(options.describeLine ? [{ zh: '变动说明', en: 'explanation', value: (r: LineRow, lang: Lang) => options.describeLine!(r.line, lang), width: 80 }] : []),
];

const groupColumns = <T extends EffectGroup>(keys: Column<T>[]): Column<T>[] => [
  ...keys,
  ...effectColumns<T, LineEffect>(LINE_EFFECTS, (g, effect) => g.effects[effect]),
  money('合计(元)', 'total', (g) => g.total, EXACT_MONEY_FORMAT),
];
const CATEGORY_COLUMNS = groupColumns<Attribution['byCategory'][number]>([
  { zh: '专业大类代码', en: 'category_code', value: (g) => g.categoryCode },
  { zh: '专业大类', en: 'category_name', value: (g) => g.categoryName, width: 16 },
]);
const CLASS_TYPE_COLUMNS = groupColumns<Attribution['byClassType'][number]>([{ zh: '班级类型', en: 'class_type', value: (g, lang) => label(CLASS_TYPE_NAMES, g.classType, lang), width: 16 }]);

interface AffectedRow {
  effect: Effect;
  rank: number;
  schoolId: string;
  schoolName: string;
  amount: string;
}
const AFFECTED_COLUMNS: Column<AffectedRow>[] = [
  { zh: '变动因素', en: 'effect', value: (r, lang) => (lang === 'zh' ? effectName(r.effect, 'zh') : r.effect), width: 30 },
  { zh: '排名', en: 'rank', value: (r) => r.rank, numeric: true },
  { zh: '学校代码', en: 'school_id', value: (r) => r.schoolId, width: 12 },
  { zh: '学校名称', en: 'school_name', value: (r) => r.schoolName, width: 28 },
  money('金额(元)', 'amount', (r) => r.amount, EXACT_MONEY_FORMAT),
];

/** The school table with a total row; each effect column and the change column sum exactly to the total row. */
function schoolsWithTotal(a: Attribution, lang: Lang): TableCell[][] {
  const totals: Record<string, TableCell> = {
    base_allocation: a.totals.baseAllocation,
    new_allocation: a.totals.newAllocation,
    change: a.totals.change,
    change_percent: a.totals.changePercent,
    ...a.totals.effects,
    base_entitlement: a.summary.base.totalEntitlement,
    new_entitlement: a.summary.new.totalEntitlement,
    lines: a.summary.linesAttributed,
  };
  const total = SCHOOL_COLUMNS.map((column, index) => (index === 0 ? (lang === 'zh' ? '合计' : 'total') : (totals[column.en] ?? null)));
  return [...rowsOf(SCHOOL_COLUMNS, a.schools, lang), total];
}

/**
 * The total level as a waterfall: the base total, each effect, the new total (amounts as numbers), then what the two
 * runs were (as text).
 */
function totalRows(a: Attribution, lang: Lang): TableCell[][] {
  const zh = lang === 'zh';
  const run = (r: Attribution['summary']['base']) => `${r.ruleSet.name} (${r.ruleSet.id}${r.ruleSet.version !== undefined ? ` v${r.ruleSet.version}` : ''}, ${r.ruleSet.fiscalYear}); ${r.envelope.policy}${r.envelope.budget ? ` ${r.envelope.budget}` : ''}`;
  const s = a.summary;
  return [
    [zh ? '基准拨款总额' : 'base total allocation', a.totals.baseAllocation, null],
    ...EFFECTS.map((effect): TableCell[] => [effectName(effect, lang), a.totals.effects[effect], null]),
    [zh ? '本次拨款总额' : 'new total allocation', a.totals.newAllocation, null],
    [zh ? '增减合计' : 'total change', a.totals.change, a.totals.changePercent === null ? null : `${a.totals.changePercent}%`],
    [zh ? '基准' : 'base', null, run(s.base)],
    [zh ? '本次' : 'new', null, run(s.new)],
    [zh ? '学校数（增加/减少/不变）' : 'schools (gaining/losing/unchanged)', null, `${s.schools} (${s.schoolsGaining}/${s.schoolsLosing}/${s.schoolsUnchanged})`],
    [zh ? '变动明细行数' : 'lines attributed', null, String(s.linesAttributed)],
  ];
}

/** The attribution as CSV: the school level (SPEC §13's schools with their seven effects) and a total row. */
export function attributionToCsv(a: Attribution, lang: Lang = 'zh'): string {
  return toCsv([SCHOOL_COLUMNS.map((column) => column[lang]), ...schoolsWithTotal(a, lang)]);
}

/** The attribution as a workbook, a sheet per level (total, school, line), then the group views and the schools most affected. */
export function attributionToXlsx(a: Attribution, lang: Lang = 'zh', options: AttributionWriterOptions = {}): Promise<Uint8Array> {
  const zh = lang === 'zh';
  const lines: LineRow[] = a.schools.flatMap((school) => school.lines.map((line) => ({ school, line })));
  const affected: AffectedRow[] = EFFECTS.flatMap((effect) => a.mostAffected[effect].map((s, i) => ({ effect, rank: i + 1, ...s })));
  const columns = lineColumns(options);
  const sheets: XlsxSheet[] = [
    {
      name: zh ? '汇总' : 'Total',
      columns: [
        { header: zh ? '项目' : 'item', width: 34 },
        { header: zh ? '金额(元)' : 'amount', numeric: true, numFmt: EXACT_MONEY_FORMAT, width: 20 },
        { header: zh ? '说明' : 'note', width: 70 },
      ],
      rows: totalRows(a, lang),
    },
    { name: zh ? '学校' : 'Schools', columns: xlsxColumns(SCHOOL_COLUMNS, lang), rows: schoolsWithTotal(a, lang) },
    { name: zh ? '明细' : 'Lines', columns: xlsxColumns(columns, lang), rows: rowsOf(columns, lines, lang) },
    { name: zh ? '按专业大类' : 'By category', columns: xlsxColumns(CATEGORY_COLUMNS, lang), rows: rowsOf(CATEGORY_COLUMNS, a.byCategory, lang) },
    { name: zh ? '按班级类型' : 'By class type', columns: xlsxColumns(CLASS_TYPE_COLUMNS, lang), rows: rowsOf(CLASS_TYPE_COLUMNS, a.byClassType, lang) },
    { name: zh ? '影响最大的学校' : 'Most affected', columns: xlsxColumns(AFFECTED_COLUMNS, lang), rows: rowsOf(AFFECTED_COLUMNS, affected, lang) },
  ];
  return toXlsx(sheets);
}

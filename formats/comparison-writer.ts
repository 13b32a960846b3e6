import type { Comparison, GroupComparison, LineComparison, SchoolComparison } from '../domain/compare';
import type { FieldChange, RuleSetDiff } from '../domain/diff';
import { CLASS_TYPE_NAMES, ENVELOPE_POLICY_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from '../messages/enums';
import { render } from '../messages/index';
import { EXACT_MONEY_FORMAT, label, rowsOf, xlsxColumns, type Column, type Lang } from './columns';
import { MONEY_FORMAT, toCsv, toXlsx, type TableCell, type XlsxSheet } from './tables';

export type { Lang } from './columns';
const PERCENT_FORMAT = '0.00';

const money = <T>(zh: string, en: string, value: (item: T) => string | null, numFmt = MONEY_FORMAT): Column<T> => ({ zh, en, value, numeric: true, numFmt, width: 18 });

/** Distinct reason texts of a school's moved lines, in line order: the "why" of a school's delta in one cell. */
function reasonsBySchool(comparison: Comparison, lang: Lang): Map<string, string> {
  const texts = new Map<string, string[]>();
  for (const line of comparison.lines) {
    const list = texts.get(line.schoolId) ?? [];
    for (const reason of line.reasons) {
      const text = render(reason, lang);
      if (!list.includes(text)) list.push(text);
    }
    texts.set(line.schoolId, list);
  }
  return new Map([...texts].map(([id, list]) => [id, list.join(lang === 'zh' ? '；' : '; ')]));
}

const schoolColumns = (reasons: Map<string, string>): Column<SchoolComparison>[] => [
  { zh: '学校代码', en: 'school_id', value: (s) => s.schoolId, width: 12 },
  { zh: '学校名称', en: 'school_name', value: (s) => s.schoolName, width: 28 },
  { zh: '学校类型', en: 'school_type', value: (s, lang) => label(SCHOOL_TYPE_NAMES, s.schoolType, lang), width: 14 },
  { zh: '办学性质', en: 'ownership', value: (s, lang) => label(OWNERSHIP_NAMES, s.ownership, lang) },
  money('现行按标准应拨(元)', 'base_entitlement', (s) => s.baseEntitlement, EXACT_MONEY_FORMAT),
  money('方案按标准应拨(元)', 'candidate_entitlement', (s) => s.candidateEntitlement, EXACT_MONEY_FORMAT),
  money('现行拨款(元)', 'base_allocation', (s) => s.baseAllocation),
  money('方案拨款(元)', 'candidate_allocation', (s) => s.candidateAllocation),
  money('增减(元)', 'delta', (s) => s.delta),
  { zh: '增减率(%)', en: 'delta_percent', value: (s) => s.deltaPercent, numeric: true, numFmt: PERCENT_FORMAT },
  { zh: '变动行数', en: 'lines_moved', value: (s) => s.linesMoved, numeric: true },
  { zh: '变动原因', en: 'reasons', value: (s) => reasons.get(s.schoolId) ?? null, width: 60 },
];

const LINE_COLUMNS: Column<LineComparison>[] = [
  { zh: '行号', en: 'row', value: (l) => l.row, numeric: true },
  { zh: '学校代码', en: 'school_id', value: (l) => l.schoolId, width: 12 },
  { zh: '专业代码', en: 'major_code', value: (l) => l.majorCode },
  { zh: '专业名称', en: 'major_name', value: (l) => l.majorName, width: 20 },
  { zh: '班级类型', en: 'class_type', value: (l, lang) => label(CLASS_TYPE_NAMES, l.classType, lang) },
  { zh: '在校生数', en: 'students', value: (l) => l.students, numeric: true },
  money('现行生均标准(元)', 'base_per_student', (l) => l.basePerStudent, EXACT_MONEY_FORMAT),
  money('方案生均标准(元)', 'candidate_per_student', (l) => l.candidatePerStudent, EXACT_MONEY_FORMAT),
  money('现行拨款(元)', 'base_allocation', (l) => l.baseAllocation),
  money('方案拨款(元)', 'candidate_allocation', (l) => l.candidateAllocation),
  money('增减(元)', 'delta', (l) => l.delta),
  { zh: '原因代码', en: 'reason_codes', value: (l) => l.reasons.map((r) => (r.subject ? `${r.code}:${r.subject}` : r.code)).join(' '), width: 30 },
  { zh: '原因说明', en: 'reasons', value: (l, lang) => l.reasons.map((r) => render(r, lang)).join(lang === 'zh' ? '；' : '; '), width: 60 },
];

const groupColumns = <T extends GroupComparison>(key: Column<T>, name: Column<T>): Column<T>[] => [
  key,
  name,
  money('现行拨款(元)', 'base_allocation', (g) => g.baseAllocation),
  money('方案拨款(元)', 'candidate_allocation', (g) => g.candidateAllocation),
  money('增减(元)', 'delta', (g) => g.delta),
  { zh: '增减率(%)', en: 'delta_percent', value: (g) => g.deltaPercent, numeric: true, numFmt: PERCENT_FORMAT },
];
const CATEGORY_COLUMNS = groupColumns<Comparison['byCategory'][number]>(
  { zh: '专业大类代码', en: 'category_code', value: (g) => g.categoryCode },
  { zh: '专业大类', en: 'category_name', value: (g) => g.categoryName, width: 16 },
);
const CLASS_TYPE_COLUMNS = groupColumns<Comparison['byClassType'][number]>(
  { zh: '班级类型代码', en: 'class_type', value: (g) => g.classType, width: 22 },
  { zh: '班级类型', en: 'class_type_name', value: (g, lang) => label(CLASS_TYPE_NAMES, g.classType, lang), width: 22 },
);

interface DiffRow {
  section: string;
  key: string;
  change: 'added' | 'removed' | 'changed';
  path: string | null;
  before: string | null;
  after: string | null;
}
const CHANGE_NAMES = { added: { zh: '新增', en: 'added' }, removed: { zh: '删除', en: 'removed' }, changed: { zh: '修改', en: 'changed' } };
const DIFF_COLUMNS: Column<DiffRow>[] = [
  { zh: '部分', en: 'section', value: (d) => d.section, width: 14 },
  { zh: '代码', en: 'key', value: (d) => d.key, width: 22 },
  { zh: '变动', en: 'change', value: (d, lang) => CHANGE_NAMES[d.change][lang] },
  { zh: '字段', en: 'path', value: (d) => d.path, width: 22 },
  { zh: '原值', en: 'before', value: (d) => d.before, width: 40 },
  { zh: '新值', en: 'after', value: (d) => d.after, width: 40 },
];

const valueText = (value: FieldChange['before']): string | null => (value === null ? null : typeof value === 'string' ? value : JSON.stringify(value));

/** One row per difference: whole items added or removed (as JSON), one row per changed field. */
function diffRows(diff: RuleSetDiff): DiffRow[] {
  const rows: DiffRow[] = diff.topLevel.map((f) => ({ section: 'ruleSet', key: '', change: 'changed', path: f.path, before: valueText(f.before), after: valueText(f.after) }));
  const keyed = {
    tiers: (item: { code: string }) => item.code,
    categories: (item: { code: string }) => item.code,
    majors: (item: { code: string }) => item.code,
    classBands: (item: { classType: string }) => item.classType,
    uplifts: (item: { id: string }) => item.id,
  };
  for (const [section, keyOf] of Object.entries(keyed) as [keyof typeof keyed, (item: object) => string][]) {
    const part = diff[section];
    for (const item of part.added) rows.push({ section, key: keyOf(item), change: 'added', path: null, before: null, after: JSON.stringify(item) });
    for (const item of part.removed) rows.push({ section, key: keyOf(item), change: 'removed', path: null, before: JSON.stringify(item), after: null });
    for (const item of part.changed) {
      for (const field of item.fields) rows.push({ section, key: item.key, change: 'changed', path: field.path, before: valueText(field.before), after: valueText(field.after) });
    }
  }
  return rows;
}

function summaryRows(c: Comparison, lang: Lang): TableCell[][] {
  const s = c.summary;
  const ruleSet = (r: Comparison['summary']['baseRuleSet']) => `${r.name} (${r.id}${r.version !== undefined ? ` v${r.version}` : ''}, ${r.fiscalYear})`;
  const rows: [string, string, TableCell][] = [
    ['现行规则集', 'base rule set', ruleSet(s.baseRuleSet)],
    ['现行规则集哈希', 'base rule set hash', s.baseRuleSet.hash],
    ['方案规则集', 'candidate rule set', ruleSet(s.candidateRuleSet)],
    ['方案规则集哈希', 'candidate rule set hash', s.candidateRuleSet.hash],
    ['预算约束', 'envelope policy', label(ENVELOPE_POLICY_NAMES, s.envelope.policy, lang)],
    ['预算总额(元)', 'budget', s.envelope.budget ?? null],
    ['现行按标准应拨总额(元)', 'base total entitlement', s.baseTotalEntitlement],
    ['方案按标准应拨总额(元)', 'candidate total entitlement', s.candidateTotalEntitlement],
    ['现行拨款总额(元)', 'base total allocation', s.baseTotalAllocation],
    ['方案拨款总额(元)', 'candidate total allocation', s.candidateTotalAllocation],
    ['拨款总额增减(元)', 'total change', s.totalChange],
    ['拨款总额增减率(%)', 'total change (%)', s.totalChangePercent],
    ['学校数', 'schools', s.schools],
    ['增加学校数', 'schools gaining', s.schoolsGaining],
    ['减少学校数', 'schools losing', s.schoolsLosing],
    ['不变学校数', 'schools unchanged', s.schoolsUnchanged],
    ['变动明细行数', 'lines moved', s.linesMoved],
    ...c.largestChanges.map((school, i): [string, string, TableCell] => [`最大变动 ${i + 1}`, `largest change ${i + 1}`, `${school.schoolId} ${school.schoolName}: ${school.delta}`]),
    ...c.warnings.map((warning): [string, string, TableCell] => ['提示', 'note', render(warning, lang)]),
  ];
  return rows.map(([zh, en, value]) => [lang === 'zh' ? zh : en, value]);
}


function schoolsWithTotal(c: Comparison, lang: Lang): TableCell[][] {
  const columns = schoolColumns(reasonsBySchool(c, lang));
  const totals: Record<string, TableCell> = {
    base_entitlement: c.summary.baseTotalEntitlement,
    candidate_entitlement: c.summary.candidateTotalEntitlement,
    base_allocation: c.summary.baseTotalAllocation,
    candidate_allocation: c.summary.candidateTotalAllocation,
    delta: c.summary.totalChange,
    delta_percent: c.summary.totalChangePercent,
    lines_moved: c.summary.linesMoved,
  };
  const total = columns.map((column, index) => (index === 0 ? (lang === 'zh' ? '合计' : 'total') : (totals[column.en] ?? null)));
  return [...rowsOf(columns, c.schools, lang), total];
}

/**
 * The comparison as CSV: the per-school table (SPEC §5 "per school") with each school's reasons and a
 * total row; the delta column sums to the total change exactly. The workbook carries the other tables.
 */
export function comparisonToCsv(c: Comparison, lang: Lang = 'zh'): string {
  return toCsv(comparisonSchoolRows(c, lang));
}

/** The per-school table with its header and total row, for CSV files that carry it after something else (solve). */
export function comparisonSchoolRows(c: Comparison, lang: Lang = 'zh'): TableCell[][] {
  const columns = schoolColumns(new Map());
  return [columns.map((column) => column[lang]), ...schoolsWithTotal(c, lang)];
}

/** The comparison as a workbook: summary, schools, lines moved, by category, by class type, rule-set diff. */
export async function comparisonToXlsx(c: Comparison, lang: Lang = 'zh'): Promise<Uint8Array> {
  return toXlsx(comparisonSheets(c, lang));
}

/** The comparison's sheets, for workbooks that carry one among other things (solve). */
export function comparisonSheets(c: Comparison, lang: Lang = 'zh'): XlsxSheet[] {
  const zh = lang === 'zh';
  return [
    // Summary values stay text: they mix labels, hashes and amounts, and must read exactly as in the JSON.
    { name: zh ? '汇总' : 'Summary', columns: [{ header: zh ? '项目' : 'item', width: 22 }, { header: zh ? '值' : 'value', width: 70 }], rows: summaryRows(c, lang) },
    { name: zh ? '学校' : 'Schools', columns: xlsxColumns(schoolColumns(new Map()), lang), rows: schoolsWithTotal(c, lang) },
    { name: zh ? '变动明细' : 'Lines moved', columns: xlsxColumns(LINE_COLUMNS, lang), rows: rowsOf(LINE_COLUMNS, c.lines, lang) },
    { name: zh ? '按专业大类' : 'By category', columns: xlsxColumns(CATEGORY_COLUMNS, lang), rows: rowsOf(CATEGORY_COLUMNS, c.byCategory, lang) },
    { name: zh ? '按班级类型' : 'By class type', columns: xlsxColumns(CLASS_TYPE_COLUMNS, lang), rows: rowsOf(CLASS_TYPE_COLUMNS, c.byClassType, lang) },
    { name: zh ? '规则差异' : 'Rule-set diff', columns: xlsxColumns(DIFF_COLUMNS, lang), rows: rowsOf(DIFF_COLUMNS, diffRows(c.ruleSetDiff), lang) },
  ];
}

import type { SchoolPageQuery, SchoolSortKey } from '../../contract/attribution';
import { attributionExplainer, explainSchoolEffects } from '../../domain/attribution-explain';
import { type Attribution, type AttributionLine, type AttributionSchool, type Effect } from '../../domain/attribution';
import { Decimal } from '../../domain/decimal';
import { compareCodePoints } from '../../domain/fixed';
import type { Coded } from '../../domain/problems';
import type { RuleSet } from '../../domain/ruleset';
import { renderLineEffect, renderSchoolEffect } from '../../messages/attribution-text';
import { render, type Lang } from '../../messages/index';

/**
 * The attribution as the API and the console show it. A national attribution (3,000 schools, up to ~360k moved lines)
 * is far over Lambda's 6 MB, so the school table comes a page at a time (sorted and searched on the server) without
 * lines, and one school's lines come with their reasons in words when that school is asked for.
 */

/** A school's row: its seven effects and how many of its lines moved. */
export type AttributionSchoolRow = Omit<AttributionSchool, 'lines'> & { lineCount: number };

/** One effect in words: "机械类由三档调为二档：生均标准 7,500→9,000 元，影响 +1,155,000.00 元". */
export interface ExplainedEffect {
  effect: Effect;
  amount: string;
  text: string;
}

export type ExplainedLine = AttributionLine & { explanations: ExplainedEffect[] };

/** A school with its lines that moved, each with its effects in words, and its protection and envelope effects. */
export type AttributionSchoolDetail = AttributionSchoolRow & { lines: ExplainedLine[]; schoolEffects: ExplainedEffect[] };

export { SCHOOL_SORT_KEYS, schoolPageQuery, type SchoolPageQuery, type SchoolSortKey } from '../../contract/attribution';

export interface SchoolPage {
  /** Schools matching `q` (all of them without it). */
  total: number;
  offset: number;
  limit: number;
  sort: SchoolSortKey;
  order: 'asc' | 'desc';
  items: AttributionSchoolRow[];
}

export function schoolRow(school: AttributionSchool): AttributionSchoolRow {
  const { lines, ...row } = school;
  return { ...row, lineCount: lines.length };
}

/** One page of the school table: filtered on id or name, sorted exactly (decimals, not floats), ties by schoolId. */
export function schoolPage(schools: readonly AttributionSchool[], query: SchoolPageQuery): SchoolPage {
  const needle = query.q?.toLowerCase();
  const matching = needle ? schools.filter((s) => s.schoolId.toLowerCase().includes(needle) || s.schoolName.toLowerCase().includes(needle)) : [...schools];
  const sign = query.order === 'desc' ? -1 : 1;
  let sorted: readonly AttributionSchool[];
  if (query.sort === 'schoolId' || query.sort === 'schoolName') {
    const key = query.sort;
    sorted = matching.sort((a, b) => sign * compareCodePoints(a[key], b[key]) || compareCodePoints(a.schoolId, b.schoolId));
  } else {
    const valueOf = sortValue(query.sort);
    const keyed = matching.map((school) => ({ school, value: valueOf(school) }));
    // A school without a percentage (nothing before) sorts after every number, whichever the order.
    keyed.sort((a, b) => (a.value === null || b.value === null ? (a.value === null ? 1 : 0) - (b.value === null ? 1 : 0) : sign * a.value.comparedTo(b.value)) || compareCodePoints(a.school.schoolId, b.school.schoolId));
    sorted = keyed.map((entry) => entry.school);
  }
  return { total: matching.length, offset: query.offset, limit: query.limit, sort: query.sort, order: query.order, items: sorted.slice(query.offset, query.offset + query.limit).map(schoolRow) };
}

function sortValue(key: Exclude<SchoolSortKey, 'schoolId' | 'schoolName'>): (school: AttributionSchool) => Decimal | null {
  if (key === 'changePercent') return (school) => (school.changePercent === null ? null : new Decimal(school.changePercent));
  if (key === 'baseAllocation' || key === 'newAllocation' || key === 'change') return (school) => new Decimal(school[key]);
  return (school) => new Decimal(school.effects[key]);
}

/** Schools are sorted by schoolId in code-point order: found by halving. */
export function findSchool(schools: readonly AttributionSchool[], schoolId: string): AttributionSchool | undefined {
  let low = 0;
  let high = schools.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const order = compareCodePoints(schools[middle]!.schoolId, schoolId);
    if (order === 0) return schools[middle];
    if (order < 0) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** Explains one school's lines and school effects in `lang`, from the two rule sets behind the attribution. */
export function schoolDetail(school: AttributionSchool, baseRules: RuleSet, newRules: RuleSet, lang: Lang): AttributionSchoolDetail {
  const explain = attributionExplainer(baseRules, newRules);
  return {
    ...schoolRow(school),
    lines: school.lines.map((line) => ({ ...line, explanations: explain(line).map((e) => ({ effect: e.effect, amount: e.amount, text: renderLineEffect(e, lang) })) })),
    schoolEffects: explainSchoolEffects(school).map((e) => ({ effect: e.effect, amount: e.amount, text: renderSchoolEffect(e, lang) })),
  };
}

/** Codes with their words, for readers that do not render the catalogue themselves. */
export function rendered(messages: readonly Coded[] | undefined, lang: Lang): (Coded & { message: string })[] {
  return (messages ?? []).map((message) => ({ ...message, message: render(message, lang) }));
}

/** Everything but the school list: totals, the runs compared, the group views and the schools most affected. */
export function attributionOverview(attribution: Attribution, lang: Lang) {
  const { summary } = attribution;
  return {
    summary: {
      ...summary,
      base: { ...summary.base, warnings: rendered(summary.base.warnings, lang) },
      new: { ...summary.new, warnings: rendered(summary.new.warnings, lang) },
    },
    totals: attribution.totals,
    byCategory: attribution.byCategory,
    byClassType: attribution.byClassType,
    mostAffected: attribution.mostAffected,
    warnings: rendered(attribution.warnings, lang),
  };
}

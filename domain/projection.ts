import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { Coded } from './problems';
import type { Growth } from './plan-file';

export interface Projection {
  lines: EnrollmentLine[];
  /** Lines named by both a category rate and a class-type rate (the category's applied), as a notice; absent when none. */
  notice?: Coded;
}

/**
 * Next year's enrolment from this year's (SPEC §12): each line's students × (1 + g), rounded half up to whole
 * students, g the most specific rate naming the line — its category's, else its class type's, else `overall`,
 * else 0. `categoryOf` maps a major code to its category (the projected year's rule set first).
 */
export function projectEnrollment(previous: readonly EnrollmentLine[], growth: Growth, categoryOf: (majorCode: string) => string | undefined): Projection {
  const overall = new Decimal(growth.overall ?? '0').plus(1);
  const byCategory = new Map(Object.entries(growth.byCategory ?? {}).map(([code, rate]) => [code, new Decimal(rate).plus(1)]));
  const byClassType = new Map(Object.entries(growth.byClassType ?? {}).map(([classType, rate]) => [classType, new Decimal(rate!).plus(1)]));
  // Lines share student counts and rates; each distinct (count, factor) is rounded once.
  const rounded = new Map<string, string>();
  let overlaps = 0;
  const overlapCategories = new Set<string>();
  const overlapClassTypes = new Set<string>();
  const lines = previous.map((line) => {
    const category = categoryOf(line.majorCode);
    const categoryFactor = category !== undefined ? byCategory.get(category) : undefined;
    const classFactor = byClassType.get(line.classType);
    if (categoryFactor && classFactor) {
      overlaps++;
      overlapCategories.add(category!);
      overlapClassTypes.add(line.classType);
    }
    const factor = categoryFactor ?? classFactor ?? overall;
    const key = `${line.students}\u0000${factor.toFixed()}`;
    let students = rounded.get(key);
    if (students === undefined) rounded.set(key, (students = new Decimal(line.students).times(factor).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed()));
    return students === line.students ? line : { ...line, students };
  });
  return {
    lines,
    ...(overlaps
      ? { notice: { code: 'growth_overlap', params: { lines: overlaps, categories: [...overlapCategories].sort(), classTypes: [...overlapClassTypes].sort() } } }
      : {}),
  };
}

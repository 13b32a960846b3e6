import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { MessageParams } from './problems';

/** A school whose students changed by more than half against the previous enrolment of the series (SPEC §11). */
export interface EnrollmentWarning {
  code: 'students_changed_over_50_percent';
  params: MessageParams;
}

const LIMIT = new Decimal('0.5');

/**
 * Schools whose students changed by more than 50 % (a school present before and missing now changed by −100 %):
 * usually a truncated file, a school code changed, or a year's figures pasted into the wrong column. Warnings, in
 * school order; they never stop a run.
 */
export function enrollmentWarnings(current: readonly EnrollmentLine[], previous: readonly EnrollmentLine[]): EnrollmentWarning[] {
  const now = studentsBySchool(current);
  const before = studentsBySchool(previous);
  const warnings: EnrollmentWarning[] = [];
  for (const [schoolId, old] of [...before].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!old.students.greaterThan(0)) continue;
    const after = now.get(schoolId)?.students ?? new Decimal(0);
    const change = after.minus(old.students).div(old.students);
    if (change.abs().greaterThan(LIMIT)) {
      warnings.push({
        code: 'students_changed_over_50_percent',
        params: { schoolId, schoolName: now.get(schoolId)?.name ?? old.name, before: old.students.toFixed(), after: after.toFixed(), change: change.toDecimalPlaces(4).toFixed() },
      });
    }
  }
  return warnings;
}

function studentsBySchool(lines: readonly EnrollmentLine[]): Map<string, { name: string; students: Decimal }> {
  const schools = new Map<string, { name: string; students: Decimal }>();
  for (const line of lines) {
    const school = schools.get(line.schoolId);
    if (school) school.students = school.students.plus(line.students);
    else schools.set(line.schoolId, { name: line.schoolName, students: new Decimal(line.students) });
  }
  return schools;
}

import { describe, expect, it } from 'vitest';
import type { EnrollmentLine } from './enrollment';
import { enrollmentWarnings } from './enrollment-checks';

const line = (schoolId: string, students: string, majorCode = '0101'): EnrollmentLine => ({
  row: 2,
  schoolId,
  schoolName: `${schoolId} 学校`,
  schoolType: 'technical_school',
  ownership: 'public',
  majorCode,
  classType: 'intermediate',
  students,
});

describe('enrollmentWarnings', () => {
  it('flags a school whose students moved by more than half, including one that vanished, and nothing at exactly 50 %', () => {
    const previous = [line('S1', '100'), line('S1', '100', '0102'), line('S2', '100'), line('S3', '80'), line('S4', '10'), line('S5', '0')];
    const current = [line('S1', '450'), line('S2', '150'), line('S4', '4.5'), line('S5', '9'), line('S6', '500')];
    expect(enrollmentWarnings(current, previous)).toEqual([
      { code: 'students_changed_over_50_percent', params: { schoolId: 'S1', schoolName: 'S1 学校', before: '200', after: '450', change: '1.25' } },
      { code: 'students_changed_over_50_percent', params: { schoolId: 'S3', schoolName: 'S3 学校', before: '80', after: '0', change: '-1' } },
      { code: 'students_changed_over_50_percent', params: { schoolId: 'S4', schoolName: 'S4 学校', before: '10', after: '4.5', change: '-0.55' } },
    ]);
  });
});

import type { EnrollmentLine } from '../domain/enrollment';
import type { Growth } from '../domain/plan';
import { projectEnrollment } from '../domain/projection';
import type { RuleSet } from '../domain/ruleset';
import { enrollmentToCsv } from './enrollment-writer';

/**
 * How data/enrollment-hlj-2025.csv was made from the 2026 sample (illustrative, like all of data/): each 2026 line
 * scaled back with these rates by the plan's own projection, written as UTF-8 CSV with Chinese headers.
 */
export const ENROLLMENT_2025_FROM_2026: Growth = { overall: '-0.02', byCategory: { '03': '-0.07', '07': '0.03', '05': '0.04' } };

export function enrollment2025(lines2026: EnrollmentLine[], rules2026: RuleSet): Uint8Array {
  const categories = new Map(rules2026.majors.map((m) => [m.code, m.category]));
  return enrollmentToCsv(projectEnrollment(lines2026, ENROLLMENT_2025_FROM_2026, (major) => categories.get(major)).lines, { encoding: 'utf8' });
}

import { Decimal } from './decimal';
import type { EnrollmentLine } from './enrollment';
import type { ExcludedLine } from './result';
import type { RuleSet } from './ruleset';
import { StandardBook } from './standards';

/** What the lines a run left out would have been entitled to: what the approver is told before approving. */
export interface ExcludedFigures {
  lines: number;
  /** Students on the excluded lines that could be read (exact). */
  students: string;
  /** Σ students × per-student amount over the excluded lines the rule set can price (exact, yuan). */
  entitlement: string;
  /** Excluded lines with a known major and a class band the school type admits. */
  priced: number;
  /** The rest: unreadable rows, unknown majors or class types; their entitlement is unknown, not zero. */
  unpriced: number;
}

export function excludedFigures(rules: RuleSet, lines: readonly EnrollmentLine[], excluded: readonly ExcludedLine[]): ExcludedFigures {
  // Only the excluded rows are looked up: a national run excludes a handful of its 361k lines, usually none.
  const rows = new Set(excluded.map((entry) => entry.row));
  const byRow = new Map<number, EnrollmentLine>();
  if (rows.size) for (const line of lines) if (rows.has(line.row)) byRow.set(line.row, line);
  const book = new StandardBook(rules);
  let students = new Decimal(0);
  let entitlement = new Decimal(0);
  let priced = 0;
  for (const entry of excluded) {
    const line = byRow.get(entry.row);
    if (!line) continue;
    students = students.plus(line.students);
    if (!book.hasMajor(line.majorCode) || book.bandRefusal(line.classType, line.schoolType) !== undefined) continue;
    entitlement = entitlement.plus(book.standardFor(line.majorCode, line.classType).perStudentExact.times(line.students));
    priced++;
  }
  return { lines: excluded.length, students: students.toFixed(), entitlement: entitlement.toFixed(), priced, unpriced: excluded.length - priced };
}

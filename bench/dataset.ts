import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EnrollmentLine } from '../domain/enrollment';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';

/** Bench children run as bundles elsewhere, so they are told where the checkout is. */
export const REPO_ROOT = process.env.SKILLFUND_ROOT ?? resolve(import.meta.dirname, '..');
export const RULES_FILE = join(REPO_ROOT, 'data/rules-hlj-2026.json');
export const CANDIDATE_FILE = join(REPO_ROOT, 'data/rules-hlj-2026-candidate.json');
export const SEED = 2026;
export const NATIONAL_SCHOOLS = 3000;

/**
 * Lines per school asked of the generator. It caps each school at the (major, class type) pairs its type may
 * have (58 majors: 技工学校 58, 高级技工学校 174, 技师学院 232), so asking 222 gives ≈ 120 lines per school on
 * average, i.e. the ≈ 360,000 lines of a national data set.
 */
export const LINES_PER_SCHOOL = 222;

export function loadRules(file: string): RuleSet {
  const validated = validateRuleSet(JSON.parse(readFileSync(file, 'utf8')));
  if (!validated.ok) throw new Error(`${file} is invalid: ${validated.problems.map((p) => `${p.path}: ${p.code}`).join('; ')}`);
  return validated.ruleSet;
}

// The generator and the writers are loaded only when a file must be made: a phase's RSS should not carry them.
export async function syntheticLines(schools: number, rules: RuleSet = loadRules(RULES_FILE)): Promise<EnrollmentLine[]> {
  const { generateEnrollment } = await import('../formats/synthetic');
  return generateEnrollment({ schools, seed: SEED, linesPerSchool: LINES_PER_SCHOOL, ruleSet: rules });
}

const CACHE_DIR = join(tmpdir(), 'skillfund-bench');

/**
 * The enrolment file for `schools` schools, written once and reused by every child process of a run (and by later
 * runs: the generator is seeded, so the bytes are always the same).
 */
export async function datasetFile(schools: number, format: 'csv' | 'xlsx' | 'lines'): Promise<string> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `enrollment-${schools}-seed${SEED}-lps${LINES_PER_SCHOOL}.${format === 'lines' ? 'lines.json' : format}`);
  if (existsSync(file)) return file;
  // Written under a temporary name first so a half-written file is never taken for the data set.
  if (format === 'csv' && existsSync(file.replace(/\.csv$/, '.lines.json'))) {
    // From the cached lines, in pieces: 30,000 schools is a 378 MB file, which should never be one string.
    const { enrollmentCsvPieces } = await import('../formats/enrollment-writer');
    const fd = openSync(`${file}.partial`, 'w');
    for (const piece of enrollmentCsvPieces(await cachedLines(schools))) writeSync(fd, piece);
    closeSync(fd);
  } else {
    const lines = await syntheticLines(schools);
    const { enrollmentToCsv, enrollmentToXlsx } = await import('../formats/synthetic');
    writeFileSync(`${file}.partial`, format === 'csv' ? enrollmentToCsv(lines) : format === 'xlsx' ? await enrollmentToXlsx(lines) : linesToText(lines));
  }
  renameSync(`${file}.partial`, file);
  return file;
}

type CachedSchool = Pick<EnrollmentLine, 'schoolId' | 'schoolName' | 'schoolType' | 'ownership' | 'city'> & { lines: [number, string, EnrollmentLine['classType'], string][] };

/** One JSON text per school, so reading back never holds the whole file as one (two-byte) string. */
function linesToText(lines: EnrollmentLine[]): string {
  const schools = new Map<string, CachedSchool>();
  for (const line of lines) {
    let school = schools.get(line.schoolId);
    if (!school) {
      const { schoolId, schoolName, schoolType, ownership, city } = line;
      schools.set(line.schoolId, (school = { schoolId, schoolName, schoolType, ownership, ...(city ? { city } : {}), lines: [] }));
    }
    school.lines.push([line.row, line.majorCode, line.classType, line.students]);
  }
  return [...schools.values()].map((school) => JSON.stringify(school)).join('\n');
}

/**
 * The generated lines as a child process gets them: read back from the cache, the lines of a school sharing its
 * strings (as a lean reader would make them), so neither the generator's garbage nor one huge JSON string is in
 * the child's peak RSS.
 */
export async function cachedLines(schools: number): Promise<EnrollmentLine[]> {
  const bytes = readFileSync(await datasetFile(schools, 'lines'));
  const decoder = new TextDecoder();
  const lines: EnrollmentLine[] = [];
  // Major codes, class types and student counts repeat across schools; the reader keeps one string of each.
  const texts = new Map<string, string>();
  const shared = <T extends string>(text: T): T => {
    const known = texts.get(text);
    if (known !== undefined) return known as T;
    texts.set(text, text);
    return text;
  };
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    const { lines: schoolLines, schoolId, schoolName, schoolType, ownership, city } = JSON.parse(decoder.decode(bytes.subarray(start, end))) as CachedSchool;
    // The same two object shapes as the reader's normalisation makes.
    for (const [row, majorCode, classType, students] of schoolLines) {
      lines.push(
        city
          ? { row, schoolId, schoolName, schoolType, ownership, city, majorCode: shared(majorCode), classType: shared(classType), students: shared(students) }
          : { row, schoolId, schoolName, schoolType, ownership, majorCode: shared(majorCode), classType: shared(classType), students: shared(students) },
      );
    }
    start = end + 1;
  }
  lines.sort((a, b) => a.row - b.row);
  return lines;
}

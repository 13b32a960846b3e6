/**
 * One benchmark phase in its own process, so the peak RSS it reports belongs to that phase (plus its input):
 * `node bin/run-ts.mjs bench/phase.ts <phase> <schools> <runs>`. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { allocate, ruleProblems, type Envelope } from '../domain/allocate';
import { attribute } from '../domain/attribution';
import { compareStream, type MovedLineFigures } from '../domain/compare';
import { movedLinesJson } from '../formats/comparison-json';
import type { EnrollmentLine } from '../domain/enrollment';
import { columnsOf, type EnrollmentColumns } from '../domain/enrollment-columns';
import { explainStatement } from '../domain/explain';
import { statementText } from '../messages/statement-text';
import type { AllocationResult } from '../domain/result';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';
import { cachedLines, CANDIDATE_FILE, datasetFile, loadRules, RULES_FILE } from './dataset';
import { floatAllocate } from './float-floor';
import { collectGarbage, peakRssMb, round, timeRuns, timingOf } from './measure';

export const PHASES = ['parse-csv', 'parse-csv-columns', 'parse-xlsx', 'read-peer', 'validate', 'allocate', 'allocate-columns', 'float', 'compare', 'attribute', 'explain', 'solve', 'solve-rate', 'plan', 'plan-lean'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseReport {
  phase: Phase;
  schools: number;
  lines: number;
  students: number;
  medianMs: number;
  minMs: number;
  maxMs?: number;
  cpuMs: number;
  runs: number;
  /** Peak RSS after loading the input, before the phase ran. */
  inputRssMb: number;
  /** Peak RSS of the whole process, input included. */
  peakRssMb: number;
  note?: string;
}

/** A cap that binds: 95 % of what the schools are entitled to, in whole yuan (float is fine for choosing a budget). */
export function bindingCap(rules: RuleSet, lines: EnrollmentLine[]): Envelope {
  const total = floatAllocate(rules, lines, undefined).totalAllocation;
  return { policy: 'cap', budget: String(Math.floor(total * 0.95)) };
}

/** Product callers (API runs, simulations, CLI) pass the hash of the file the lines came from; so does the bench. */
const ENROLLMENT_HASH = 'sha256:bench';

function mustAllocate(rules: RuleSet, enrollment: { lines: EnrollmentLine[] } | { enrollment: EnrollmentColumns }, envelope: Envelope): AllocationResult {
  const outcome = allocate({ ruleSet: rules, ...enrollment, envelope, enrollmentHash: ENROLLMENT_HASH });
  if (!outcome.ok) throw new Error(`allocate refused the benchmark data: ${JSON.stringify(outcome.problems.slice(0, 3))} ${JSON.stringify(outcome.rowProblems.slice(0, 3))}`);
  return outcome.result;
}

async function runPhase(phase: Phase, schools: number, runs: number): Promise<Omit<PhaseReport, 'inputRssMb' | 'peakRssMb'>> {
  const base = { phase, schools };
  if (phase === 'parse-csv' || phase === 'parse-xlsx') {
    const format = phase === 'parse-csv' ? 'csv' : 'xlsx';
    const bytes = readFileSync(await datasetFile(schools, format));
    // Loaded here only: the other phases' RSS should not carry the readers.
    const { readEnrollment } = await import('../formats/enrollment-reader');
    reportInputRss();
    const timing = await timeRuns(runs, () => readEnrollment(bytes, { format }), { warmUp: format === 'csv' });
    if (timing.last.problems.length) throw new Error(`the ${format} file has problems: ${JSON.stringify(timing.last.problems.slice(0, 3))}`);
    return { ...base, ...counts(timing.last.lines), ...timingOf(timing), note: `${round(bytes.length / 2 ** 20)} MB file` };
  }

  if (phase === 'parse-csv-columns') {
    // What the CLI's allocate reads with: the enrolment straight into columns, the file given in 1 MB pieces.
    const bytes = readFileSync(await datasetFile(schools, 'csv'));
    const { readEnrollmentColumnPieces } = await import('../formats/enrollment-reader');
    reportInputRss();
    const PIECE = 1 << 20;
    async function* pieces() {
      for (let offset = 0; offset < bytes.length; offset += PIECE) yield bytes.subarray(offset, offset + PIECE);
    }
    const timing = await timeRuns(runs, () => readEnrollmentColumnPieces(pieces, { fileBytes: bytes.length }), { warmUp: true });
    const outcome = timing.last;
    if ('notPlain' in outcome || outcome.problems.length) throw new Error(`the csv file did not read as columns: ${JSON.stringify('notPlain' in outcome ? outcome.notPlain : outcome.problems.slice(0, 3))}`);
    return { ...base, lines: outcome.columns.length, students: 0, ...timingOf(timing), note: `${round(bytes.length / 2 ** 20)} MB file, columns (the CLI's allocate)` };
  }

  if (phase === 'read-peer') {
    // The float64 peer job's reader (bench/float-job.ts) on the same file: the floor parse-csv is compared with.
    const bytes = readFileSync(await datasetFile(schools, 'csv'));
    const { readColumns } = await import('./float-job');
    reportInputRss();
    const timing = await timeRuns(runs, () => readColumns(bytes));
    return { ...base, lines: timing.last.length, students: 0, ...timingOf(timing), note: `${round(bytes.length / 2 ** 20)} MB file, dictionary-encoded columns` };
  }

  const rules = loadRules(RULES_FILE);
  const lines = await cachedLines(schools);
  reportInputRss();
  const envelope = bindingCap(rules, lines);
  if (phase === 'validate') {
    const json: unknown = JSON.parse(readFileSync(RULES_FILE, 'utf8'));
    const timing = await timeRuns(runs, () => {
      const validated = validateRuleSet(json);
      if (!validated.ok) throw new Error('the sample rule set is invalid');
      return ruleProblems(validated.ruleSet, lines);
    });
    if (timing.last.length) throw new Error(`validation found problems: ${JSON.stringify(timing.last.slice(0, 3))}`);
    return { ...base, ...counts(lines), ...timingOf(timing) };
  }
  if (phase === 'allocate' || phase === 'allocate-columns') {
    // 'allocate' is given line objects, as compare, plans and the CLI's XLSX path give them (columnsOf runs in every
    // repetition); 'allocate-columns' is given the columns, as API runs (read from the sealed dataset's columns) and
    // the CLI's CSV path give them, made once beforehand. A single run (30,000 schools, 13 s) is measured cold:
    // warming it up would double the bench's longest step.
    const enrollment = phase === 'allocate' ? { lines } : { enrollment: columnsOf(lines) };
    const timing = await timeRuns(runs, () => mustAllocate(rules, enrollment, envelope), { warmUp: runs > 1 });
    return { ...base, ...counts(lines), ...timingOf(timing), note: `${phase === 'allocate' ? 'line objects in' : 'columns in'}; cap ${envelope.budget} → ${timing.last.summary.totalAllocation}` };
  }
  if (phase === 'float') {
    const budget = Number(envelope.budget);
    const timing = await timeRuns(runs, () => floatAllocate(rules, lines, budget));
    return { ...base, ...counts(lines), ...timingOf(timing), note: `cap → ${timing.last.totalAllocation.toFixed(2)} (float)` };
  }
  if (phase === 'compare') {
    const candidate = loadRules(CANDIDATE_FILE);
    const timing = await timeRuns(runs, () => {
      // As the CLI writes it: every moved line made once, as JSON bytes, not kept (compareStream, movedLinesJson).
      const outcome = compareStream({ baseRules: rules, candidateRules: candidate, lines, envelope, enrollmentHash: ENROLLMENT_HASH });
      if (!outcome.ok) throw new Error(`compare refused the benchmark data (${outcome.side})`);
      const { stream } = outcome;
      let walked = 0;
      let bytes = 0;
      const counted = { moneyScale: stream.moneyScale, lineFigures: () => countedFigures(stream.lineFigures(), () => walked++) };
      for (const piece of movedLinesJson(counted)) bytes += piece.length;
      if (walked !== stream.comparison.summary.linesMoved || bytes === 0) throw new Error('the moved lines walked differ from the count');
      return outcome.stream.comparison;
    });
    return { ...base, ...counts(lines), ...timingOf(timing), note: `${timing.last.summary.schoolsGaining} gain, ${timing.last.summary.schoolsLosing} lose, ${timing.last.summary.linesMoved} lines moved` };
  }
  if (phase === 'solve' || phase === 'solve-rate' || phase === 'plan' || phase === 'plan-lean') {
    const { planningPhase } = await import('./planning-phases');
    return { ...base, ...counts(lines), ...(await planningPhase(phase, rules, lines, runs)) };
  }
  if (phase === 'attribute') {
    // Year on year: last year's run under the current rules vs this year's under the candidate, with the enrolment
    // moved (see nextYear), each with its own binding cap. Both runs are computed from their inputs in every repetition.
    const candidate = loadRules(CANDIDATE_FILE);
    const next = nextYear(lines);
    reportInputRss();
    const newEnvelope = bindingCap(candidate, next);
    const timing = await timeRuns(runs, () => {
      const outcome = attribute({ base: { ruleSet: rules, lines, envelope, enrollmentHash: ENROLLMENT_HASH }, new: { ruleSet: candidate, lines: next, envelope: newEnvelope, enrollmentHash: ENROLLMENT_HASH } });
      if (!outcome.ok) throw new Error(`attribute refused the benchmark data: ${JSON.stringify(outcome.problems.slice(0, 3))}`);
      return outcome.attribution;
    });
    const { totals, summary } = timing.last;
    return { ...base, ...counts(lines), ...timingOf(timing), note: `${summary.linesAttributed} lines attributed; change ${totals.change} = standard ${totals.effects.standard} + enrollment ${totals.effects.enrollment} + …` };
  }
  // explain: one statement for the school with the most lines, from a national result made beforehand.
  collectGarbage();
  const result = mustAllocate(rules, { lines }, envelope);
  const school = result.schools.reduce((most, s) => (s.lines.length > most.lines.length ? s : most));
  const timing = await timeRuns(runs, () => statementText(explainStatement(result, school.schoolId, rules)!, 'zh'));
  return { ...base, ...counts(lines), ...timingOf(timing), note: `school ${school.schoolId}, ${school.lines.length} lines` };
}

let inputRssMb: number | undefined;
function reportInputRss() {
  inputRssMb = peakRssMb();
}

function counts(lines: EnrollmentLine[]) {
  return { lines: lines.length, students: Math.round(lines.reduce((sum, line) => sum + Number(line.students), 0)) };
}


/**
 * The next year's enrolment, deterministically: every 53rd line closed, every 7th line one student more, and every
 * 97th line's school opening a class of the same major in the next class type its type may have. Most schools then
 * have lines on one side only, so the attribution matches them by (major, class type) rather than by position.
 */
function nextYear(lines: EnrollmentLine[]): EnrollmentLine[] {
  const next: EnrollmentLine[] = [];
  const present = new Set(lines.map((line) => `${line.schoolId}/${line.majorCode}/${line.classType}`));
  const opened = (line: EnrollmentLine): EnrollmentLine | undefined => {
    const classType = line.schoolType === 'technical_school' ? undefined : line.classType === 'intermediate' ? 'senior' : undefined;
    if (!classType || present.has(`${line.schoolId}/${line.majorCode}/${classType}`)) return undefined;
    present.add(`${line.schoolId}/${line.majorCode}/${classType}`);
    return { ...line, row: line.row + 1_000_000, classType, students: '12' };
  };
  lines.forEach((line, i) => {
    if (i % 53 === 0) return;
    next.push(i % 7 === 0 && /^\d+$/.test(line.students) ? { ...line, students: String(Number(line.students) + 1) } : line);
    const extra = i % 97 === 0 ? opened(line) : undefined;
    if (extra) next.push(extra);
  });
  return next;
}

if (/(phase\.ts|bench_phase[/\\]main\.mjs)$/.test(process.argv[1] ?? '')) {
  const [phase, schools = '3000', runs = '5'] = process.argv.slice(2);
  if (!PHASES.includes(phase as Phase)) {
    console.error(`usage: phase.ts <${PHASES.join('|')}> [schools] [runs]`);
    process.exit(2);
  }
  const startRss = peakRssMb();
  const report = await runPhase(phase as Phase, Number(schools), Number(runs));
  console.log(JSON.stringify({ ...report, inputRssMb: inputRssMb ?? startRss, peakRssMb: peakRssMb() } satisfies PhaseReport));
}

function* countedFigures(figures: Iterable<MovedLineFigures>, count: () => void): Generator<MovedLineFigures> {
  for (const line of figures) {
    count();
    yield line;
  }
}

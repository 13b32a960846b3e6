/**
 * BENCHMARK ONLY — never used by the product. The peer the whole job is measured against: what a dataframe
 * pipeline (the ~80-line Polars script of issue 16) does, written as fast as plain Node allows — read the enrolment
 * CSV, join the per-student standards, group by school, largest remainder for schools (cap) and for lines, and
 * write a schools CSV and a lines CSV — in float64, which the spec forbids for real results.
 *
 * `node float-job.mjs RULES.json ENROLMENT.csv BUDGET OUT_DIR` prints one JSON line with the phase times.
 * The reader is as lean as a columnar reader can be: one pass over the bytes, each text cell decoded only when its
 * bytes differ from the same column in the row before (a dictionary encoding, as Polars' categoricals), students
 * parsed from the digits, no validation beyond finding the columns.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { floatStandards, hamilton } from './float-floor';

const LF = 0x0a;
const CR = 0x0d;

/** Header names of the fields the job needs (the Chinese and English spellings the files use). */
const FIELDS = {
  school: ['学校代码', 'school_id'],
  ownership: ['办学性质', 'ownership'],
  major: ['专业代码', 'major_code'],
  classType: ['班级类型', 'class_type'],
  students: ['在校生数', 'students'],
} as const;
const CLASS_TYPES: Record<string, string | undefined> = { 中级工班: 'intermediate', 高级工班: 'senior', 预备技师班: 'preparatory_technician', 技师班: 'technician' };
const OWNERSHIPS: Record<string, string | undefined> = { 公办: 'public', 民办: 'private' };

export interface FloatColumns {
  length: number;
  /** Distinct cell texts; the columns below hold indexes into it. */
  values: string[];
  school: Int32Array;
  ownership: Int32Array;
  major: Int32Array;
  classType: Int32Array;
  students: Float64Array;
}

/**
 * The CSV as dictionary-encoded columns. Each row is taken as a one-byte-per-byte (latin1) string, which is cheap to
 * make and in which a comma's position is its byte's: a cell whose bytes equal the same column's in the row above
 * reuses its value, and any other cell's bytes are looked up in the dictionary, so each distinct text is decoded
 * from UTF-8 once.
 */
export function readColumns(bytes: Buffer): FloatColumns {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const headerEnd = bytes.indexOf(LF, at);
  const headers = bytes.toString('utf8', at, bytes[headerEnd - 1] === CR ? headerEnd - 1 : headerEnd).split(',');
  const column = (names: readonly string[]) => headers.findIndex((h) => names.includes(h.trim()));
  const wanted = [column(FIELDS.school), column(FIELDS.ownership), column(FIELDS.major), column(FIELDS.classType), column(FIELDS.students)];
  at = headerEnd + 1;
  const capacity = countOf(bytes, LF, at) + 1;
  const ids = wanted.map(() => new Int32Array(capacity));
  const students = new Float64Array(capacity);
  const width = headers.length;
  const previous: string[] = new Array<string>(width).fill('\u0000');
  const previousId = new Int32Array(width);
  const dictionary = new Map<string, number>();
  const values: string[] = [];
  const columnOf = new Int32Array(width).fill(-1);
  wanted.forEach((c, k) => (columnOf[c] = k));
  const studentsColumn = wanted[4]!;
  const n = bytes.length;
  let row = 0;
  while (at < n) {
    let end = bytes.indexOf(LF, at);
    if (end < 0) end = n;
    const text = bytes.toString('latin1', at, end > at && bytes[end - 1] === CR ? end - 1 : end);
    at = end + 1;
    if (text.length === 0) continue;
    let from = 0;
    for (let c = 0; c < width; c++) {
      let to = text.indexOf(',', from);
      if (to < 0) to = text.length;
      const k = columnOf[c]!;
      if (c === studentsColumn) {
        students[row] = Number(text.slice(from, to));
      } else if (k >= 0) {
        let id: number;
        const before = previous[c]!;
        if (to - from === before.length && text.startsWith(before, from)) id = previousId[c]!;
        else {
          const cell = text.slice(from, to);
          let known = dictionary.get(cell);
          if (known === undefined) {
            dictionary.set(cell, (known = values.length));
            values.push(Buffer.from(cell, 'latin1').toString('utf8'));
          }
          id = known;
          previous[c] = cell;
          previousId[c] = id;
        }
        ids[k]![row] = id;
      }
      from = to + 1;
    }
    row++;
  }
  return { length: row, values, school: ids[0]!, ownership: ids[1]!, major: ids[2]!, classType: ids[3]!, students };
}

function countOf(bytes: Buffer, value: number, from: number): number {
  let count = 0;
  for (let at = bytes.indexOf(value, from); at >= 0; at = bytes.indexOf(value, at + 1)) count++;
  return count;
}

export interface FloatJobTimes {
  readMs: number;
  computeMs: number;
  writeMs: number;
  lines: number;
  schools: number;
  totalAllocation: number;
}

/** The whole job; the two CSVs go to `outDir`. */
export function floatJob(rulesFile: string, csvFile: string, budget: number, outDir: string): FloatJobTimes {
  const t0 = performance.now();
  const rules = JSON.parse(readFileSync(rulesFile, 'utf8'));
  const table = readColumns(readFileSync(csvFile));
  const t1 = performance.now();

  const units = 10 ** rules.rounding.scale;
  const eligible = new Set<string>(rules.eligibility?.ownership ?? ['public', 'private']);
  const perStudent = floatStandards(rules);
  const lines = table.length;
  const rate = new Float64Array(lines);
  const entitlement = new Float64Array(lines);
  const bySchool = new Map<string, number[]>();
  let last: number[] | undefined;
  let lastId = '';
  const { values } = table;
  // The join: a per-student amount per (major, class type) pair of dictionary ids.
  const rateOf = new Map<number, number>();
  const eligibleId = values.map((text) => eligible.has(OWNERSHIPS[text] ?? text));
  for (let i = 0; i < lines; i++) {
    const pair = table.major[i]! * values.length + table.classType[i]!;
    let perLine = rateOf.get(pair);
    if (perLine === undefined) {
      const classText = values[table.classType[i]!]!;
      rateOf.set(pair, (perLine = perStudent.get(values[table.major[i]!]!)!.get(CLASS_TYPES[classText] ?? classText)!));
    }
    rate[i] = perLine;
    entitlement[i] = eligibleId[table.ownership[i]!] ? table.students[i]! * perLine : 0;
    const id = values[table.school[i]!]!;
    if (id !== lastId || !last) {
      last = bySchool.get(id);
      if (!last) bySchool.set(id, (last = []));
      lastId = id;
    }
    last.push(i);
  }
  const schoolIds = [...bySchool.keys()].sort();
  const schoolEntitlement = schoolIds.map((id) => bySchool.get(id)!.reduce((sum, i) => sum + entitlement[i]!, 0));
  let allocation = schoolEntitlement.map((e) => Math.round(e * units));
  if (allocation.reduce((s, a) => s + a, 0) > budget * units) allocation = hamilton(Math.round(budget * units), schoolEntitlement);
  const lineAllocation = new Float64Array(lines);
  schoolIds.forEach((id, s) => {
    const indexes = bySchool.get(id)!;
    const shares = hamilton(allocation[s]!, indexes.map((i) => entitlement[i]!));
    indexes.forEach((i, k) => (lineAllocation[i] = shares[k]!));
  });
  const t2 = performance.now();

  let schoolsCsv = 'school_id,entitlement,allocation\n';
  schoolIds.forEach((id, s) => (schoolsCsv += `${id},${schoolEntitlement[s]},${(allocation[s]! / units).toFixed(2)}\n`));
  writeFileSync(join(outDir, 'schools.csv'), schoolsCsv);
  // Lines are joined a few thousand at a time and written as they are made, as a streaming CSV writer would.
  const fd = openSync(join(outDir, 'lines.csv'), 'w');
  writeSync(fd, 'school_id,major_code,class_type,students,per_student,entitlement,allocation\n');
  let batch: string[] = [];
  for (const id of schoolIds) {
    for (const i of bySchool.get(id)!) {
      batch.push(`${id},${values[table.major[i]!]},${CLASS_TYPES[values[table.classType[i]!]!]},${table.students[i]},${rate[i]},${entitlement[i]},${(lineAllocation[i]! / units).toFixed(2)}\n`);
      if (batch.length === 4096) {
        writeSync(fd, batch.join(''));
        batch = [];
      }
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  const t3 = performance.now();
  return { readMs: t1 - t0, computeMs: t2 - t1, writeMs: t3 - t2, lines, schools: schoolIds.length, totalAllocation: allocation.reduce((s, a) => s + a, 0) / units };
}

if (/(float-job\.ts|bench_float-job[/\\]main\.mjs)$/.test(process.argv[1] ?? '')) {
  const [rulesFile, csvFile, budget, outDir] = process.argv.slice(2);
  if (!rulesFile || !csvFile || !budget || !outDir) {
    console.error('usage: float-job RULES.json ENROLMENT.csv BUDGET OUT_DIR');
    process.exit(2);
  }
  console.log(JSON.stringify(floatJob(rulesFile, csvFile, Number(budget), outDir)));
}

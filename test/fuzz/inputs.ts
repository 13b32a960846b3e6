import fc from 'fast-check';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toXlsx } from '../../formats/tables';
import { REPO_ROOT } from '../support/api';

/** Hostile enrolment files: each arbitrary yields bytes plus a label saying what kind of damage they carry. */
export interface BadFile {
  kind: string;
  bytes: Uint8Array;
  fileName: string;
}

const HEADER = ['学校代码', '学校名称', '学校类型', '办学性质', '专业代码', '班级类型', '在校生数'];
const GOOD_ROW = ['2301001', '哈尔滨技师学院', '技师学院', '公办', '0101', '中级工班', '120'];

const formulaText = fc.constantFrom('=cmd|\' /C calc\'!A0', '=HYPERLINK("http://x","y")', '+SUM(1,2)', '-2+3', '@SUM(A1)', '\t=1+1', '=1/0');
const hugeNumber = fc.constantFrom('1e400', '9'.repeat(60), '99999999999.99', '1e21', 'Infinity', 'NaN', '0x1F', '10000001');
const badCount = fc.oneof(fc.constantFrom('-1', '-0.5', '12.345', '1,000', '３０', ' ', '１２', 'abc'), hugeNumber);
const unknownCode = fc.constantFrom('9999', 'ZZ', '01 01', '０１０１', '0101\u0000', '专业');

/** A cell that is wrong in some way, or a harmless one (so rows mix good and bad cells). */
const cell = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...GOOD_ROW) },
  { weight: 1, arbitrary: formulaText },
  { weight: 1, arbitrary: badCount },
  { weight: 1, arbitrary: unknownCode },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('"', '""', 'a"b', ',', '\r', '\n', '\uFEFF', '技师学院\u0000') },
);

/** Rows with too few or too many cells, wrong values, duplicates of the good row. */
const row = fc.oneof(
  { weight: 3, arbitrary: fc.array(cell, { minLength: 7, maxLength: 7 }) },
  { weight: 1, arbitrary: fc.array(cell, { minLength: 0, maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constant(GOOD_ROW) },
);

function csvText(rows: string[][], header = HEADER): string {
  const quote = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return [header, ...rows].map((cells) => cells.map(quote).join(',')).join('\r\n');
}

const encodings = fc.constantFrom('utf8', 'utf8bom', 'gbk', 'utf16le', 'utf16be', 'latin1', 'shiftjis');
function encode(text: string, encoding: string): Uint8Array {
  if (encoding === 'utf8') return new TextEncoder().encode(text);
  if (encoding === 'utf8bom') return new TextEncoder().encode('\uFEFF' + text);
  if (encoding === 'utf16le') return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf16le')]));
  return new Uint8Array(iconv.encode(text, encoding));
}

export const csvFile: fc.Arbitrary<BadFile> = fc
  .record({ rows: fc.array(row, { minLength: 0, maxLength: 12 }), encoding: encodings, dropHeader: fc.boolean() })
  .map(({ rows, encoding, dropHeader }) => ({
    kind: `csv/${encoding}`,
    bytes: encode(csvText(rows, dropHeader ? GOOD_ROW : HEADER), encoding),
    fileName: 'enrolment.csv',
  }));

export const randomBytesFile: fc.Arbitrary<BadFile> = fc
  .record({ bytes: fc.uint8Array({ minLength: 0, maxLength: 2048 }), ext: fc.constantFrom('csv', 'xlsx', 'json', 'txt', 'xls', '') })
  .map(({ bytes, ext }) => ({ kind: `random/${ext || 'none'}`, bytes, fileName: ext ? `file.${ext}` : 'file' }));

let workbook: Uint8Array | undefined;
/** A genuine small enrolment workbook (formula text in a name cell), the seed for truncation and corruption. */
export async function sampleWorkbook(): Promise<Uint8Array> {
  workbook ??= await toXlsx([
    {
      name: '在校生',
      columns: HEADER.map((header) => ({ header })),
      rows: [GOOD_ROW, ['2301002', '=HYPERLINK("http://evil","点我")', '技工学校', '公办', '0101', '中级工班', '80'], ['2301001', '哈尔滨技师学院', '技师学院', '公办', '0101', '中级工班', '-3']],
    },
  ]);
  return workbook;
}

/** Truncated at any length, or with bytes overwritten anywhere, or with its zip directory shuffled. */
export function brokenWorkbook(good: Uint8Array): fc.Arbitrary<BadFile> {
  const truncated = fc.integer({ min: 0, max: good.length - 1 }).map((length) => ({ kind: 'xlsx/truncated', bytes: good.slice(0, length), fileName: 'e.xlsx' }));
  const corrupted = fc
    .array(fc.tuple(fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 })
    .map((edits) => {
      const bytes = good.slice();
      for (const [at, value] of edits) bytes[at] = value;
      return { kind: 'xlsx/corrupted', bytes, fileName: 'e.xlsx' };
    });
  const spliced = fc.tuple(fc.integer({ min: 0, max: good.length }), fc.uint8Array({ minLength: 1, maxLength: 200 })).map(([at, junk]) => ({
    kind: 'xlsx/spliced',
    bytes: new Uint8Array(Buffer.concat([good.subarray(0, at), junk, good.subarray(at)])),
    fileName: 'e.xlsx',
  }));
  return fc.oneof(truncated, corrupted, spliced);
}

/** JSON enrolment documents that are valid JSON but wrong: not arrays, wrong types, nested values, duplicates. */
export const jsonFile: fc.Arbitrary<BadFile> = fc
  .oneof(
    fc.jsonValue({ maxDepth: 4 }),
    fc.array(fc.record({ school_id: fc.jsonValue({ maxDepth: 2 }), students: fc.oneof(fc.jsonValue({ maxDepth: 1 }), badCount) }, { requiredKeys: [] })),
    fc.constant([Object.fromEntries(HEADER.map((h, i) => [h, GOOD_ROW[i]])), Object.fromEntries(HEADER.map((h, i) => [h, GOOD_ROW[i]]))]),
  )
  .map((document) => ({ kind: 'json', bytes: new TextEncoder().encode(JSON.stringify(document) ?? ''), fileName: 'e.json' }));

/** The committed sample rule set, as JSON text's parsed value (for mutation). */
export function sampleRuleSetJson(): Record<string, unknown> {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'data/rules-hlj-2026.json'), 'utf8'));
}

/** Every path (as segments) of a JSON value, containers included, root excluded. */
export function allPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...allPaths(item, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...allPaths(item, [...prefix, key])]);
  return [];
}

export function withValueAt(document: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = replacement;
  return copy;
}

/**
 * Values of another JSON type than `original`. Numbers are not "wrong" for decimal strings (the rule set accepts
 * numbers with at most 15 significant digits there), so a string field gets no plain number.
 */
export function wrongValuesFor(original: unknown): unknown[] {
  const all: unknown[] = [null, true, 'x', -1.5, [], {}, ['a', 1], { $gt: '' }];
  const typeOf = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  return all.filter((value) => typeOf(value) !== typeOf(original) && !(typeof original === 'string' && typeof value === 'number'));
}

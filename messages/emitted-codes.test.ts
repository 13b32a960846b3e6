import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELD_NAMES, REASON_NAMES } from './enums';
import { CATALOG } from './index';

const ROOT = join(import.meta.dirname, '..');
const SOURCES = ['domain', 'formats', 'functions', 'cli', 'messages', 'web/src'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The text of each call `name(…)` in the source, arguments balanced. */
function callArguments(source: string, name: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`\\b${name}\\(`, 'g');
  for (const match of source.matchAll(pattern)) {
    let depth = 1;
    let at = match.index! + match[0].length;
    const start = at;
    while (at < source.length && depth > 0) {
      const char = source[at]!;
      if (char === '(') depth++;
      else if (char === ')') depth--;
      at++;
    }
    found.push(source.slice(start, at - 1));
  }
  return found;
}

/** Calls whose string arguments are message codes (or reasons and field names, which have names of their own). */
const EMITTERS = ['problemAt', 'coded', 'deliverable', 'failedTable', 'fileProblem', 'ZipError', 'rowProblem', 'issueParams', 'report', 'reason', 'uniqueCodes', 'render'];
const SNAKE = /'([a-z][a-z0-9]*(?:_[a-z0-9]+)+)'/g;

/** Code literals the source hands to the catalogue, with where; each must have texts (or be a reason or a field). */
function emittedCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const file of SOURCES.flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const source = readFileSync(file, 'utf8');
    const pieces = [...EMITTERS.flatMap((name) => callArguments(source, name)), ...[...source.matchAll(/\bcode: ('[a-z_0-9]+')/g)].map((m) => m[1]!)];
    for (const piece of pieces) for (const match of piece.matchAll(SNAKE)) if (!codes.has(match[1]!)) codes.set(match[1]!, relative(ROOT, file));
  }
  return codes;
}

/** Members of a string-literal union type, e.g. RowReason, from its declaration. */
function unionMembers(file: string, type: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const declaration = new RegExp(`export type ${type} =([^;]*);`).exec(source);
  if (!declaration) throw new Error(`no type ${type} in ${file}`);
  return [...declaration[1]!.matchAll(/'([a-z_0-9]+)'/g)].map((m) => m[1]!);
}

describe('every code the code base emits', () => {
  it('has texts in the catalogue (or is a row reason or an enrolment field, which have names)', () => {
    const known = (code: string) => code in CATALOG || code in REASON_NAMES || code in FIELD_NAMES;
    const missing = [...emittedCodes()].filter(([code]) => !known(code)).map(([code, file]) => `${code} (${file})`);
    expect(missing).toEqual([]);
  });

  it('finds the codes it should: the scan is not empty-handed', () => {
    const codes = emittedCodes();
    for (const code of ['budget_unused', 'tier_not_defined', 'major_code_lost_zeros', 'xlsx_sheet_not_found', 'must_be_non_negative', 'statement_total']) expect(codes.has(code), code).toBe(true);
  });

  it('covers the code unions: row reasons, zip problems and comparison reasons', () => {
    const rowReasons = unionMembers('domain/enrollment.ts', 'RowReason');
    expect(rowReasons.filter((reason) => !(reason in REASON_NAMES))).toEqual([]);
    const coded = [...unionMembers('formats/zip.ts', 'ZipProblem'), ...unionMembers('domain/compare-reasons.ts', 'LineReasonCode')];
    expect(coded.filter((code) => !(code in CATALOG))).toEqual([]);
  });

  it('has the codes built from parts: unsupported file kinds and cited rules', () => {
    for (const kind of ['xls', 'et', 'ods']) expect(CATALOG).toHaveProperty(`file_format_${kind}`);
    for (const kind of unionMembers('domain/explain.ts', 'CitedRule')) expect(CATALOG).toHaveProperty(`statement_cited_${kind}`);
  });
});

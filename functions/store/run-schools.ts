import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { CompactSchool } from '../../domain/result-form';
import { FAST } from './columns';
import { CHUNK_BYTES, SCHOOL_PART_PREFIX, runPK, schoolBucketIndex, schoolIndexPrefix, schoolPartPrefix, timeOrdered } from './keys';
import type { Item } from './ops';
import type { PackedSchool, SchoolSummary } from './types';

/**
 * A run's schools packed several to an item (keys.ts). DynamoDB, the SDK and dynalite each pay a fixed cost per item
 * (validation, marshalling, index upkeep: ~0.16 ms an item in process, measured) and a cost per byte; one item per
 * school made a national run 3,000 items of ~4 KB of text each. Packed, a bucket's schools are one gzip of their
 * heads and one of their line texts, ~8 KB, and a national run is ~260 parts and as many index items.
 *
 * A school's bucket is a hash of its id, never of the run, so the school's runs are one GSI1 partition (its bucket's)
 * and reading one school is one query whatever else the run holds. Bucket numbers are part of the keys: changing
 * SCHOOL_BUCKETS would need a new key form, the old one still read.
 */
export const SCHOOL_BUCKETS = 256;

export interface PartBudget {
  /** What a part's schools may take before compression (their line texts and heads). */
  rawChars: number;
  /** What a part's compressed payloads may take, with room for its keys besides. */
  maxBytes: number;
}

/**
 * Decimal columns compress ~4×, so a part of 96 K characters stays far below CHUNK_BYTES compressed (a part over it is
 * split, see packBucket). Parts are kept small for the statement, which reads one: a national bucket (~12 schools) is
 * one part of ~8 KB; with parts of ~26 schools a statement's read took ~0.6 ms more than one school's own item had
 * (measured in process), and a smaller part costs only its items' share of the run's writes.
 */
export const PART_BUDGET: PartBudget = { rawChars: 96 * 1024, maxBytes: CHUNK_BYTES };

export function bucketOf(schoolId: string): number {
  return createHash('sha256').update(schoolId).digest().readUInt16BE(0) % SCHOOL_BUCKETS;
}

/** DynamoDB's order of string keys (UTF-8 bytes), in which the store has always listed a run's schools. */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** One school as a part holds it: its head with its line count, and its lines as school-lines.ts writes them. */
export interface PartSchool {
  head: PackedSchool['head'];
  lineCount: number;
  lines: string;
}

/**
 * The items of a run's schools: per bucket, parts in school id order, each followed by its index item. A school's
 * lines text never holds a newline (school-lines.ts: decimals, codes and separators, or JSON), so a part joins them
 * with one.
 */
export function* schoolPartItems(runId: string, createdAt: string, schools: Iterable<PackedSchool>, budget: PartBudget = PART_BUDGET): Generator<Item & { PK: string; SK: string }> {
  const buckets = new Map<number, PartSchool[]>();
  for (const { head, lineCount, lineColumns } of schools) {
    const lines = typeof lineColumns === 'string' ? lineColumns : gunzipSync(lineColumns).toString('utf8');
    const bucket = bucketOf(head.schoolId);
    let list = buckets.get(bucket);
    if (!list) buckets.set(bucket, (list = []));
    list.push({ head, lineCount, lines });
  }
  for (const [bucket, list] of [...buckets].sort((a, b) => a[0] - b[0])) {
    list.sort((a, b) => compareIds(a.head.schoolId, b.head.schoolId));
    for (const part of packBucket(list, budget)) {
      const firstId = part.schools[0]!.head.schoolId;
      // The index key names the part too: a bucket's index items of one run never share a key, so a page of them
      // resumes at one place (dynalite's order among equal index keys is not stable from page to page).
      yield { PK: runPK(runId), SK: schoolPartPrefix(bucket) + firstId, runId, heads: part.heads, lines: part.lines, schoolCount: part.schools.length };
      yield { PK: runPK(runId), SK: schoolIndexPrefix(bucket) + firstId, GSI1PK: schoolBucketIndex(bucket), GSI1SK: `${timeOrdered(createdAt, runId)}#${firstId}`, runId, members: new Set(part.schools.map((s) => s.head.schoolId)) };
    }
  }
}

interface PackedPart {
  schools: PartSchool[];
  heads: Uint8Array;
  lines: Uint8Array;
}

/**
 * A bucket's schools (in id order) cut into parts of about PART_RAW_CHARS, each compressed; a part whose compressed
 * heads and lines (with room for its keys and index fields) are over `maxBytes` is halved until it fits, so no item
 * reaches DynamoDB's 400 KB. One school over `maxBytes` alone is refused, as a school item over it was before.
 */
export function packBucket(schools: readonly PartSchool[], { rawChars, maxBytes }: PartBudget = PART_BUDGET): PackedPart[] {
  const parts: PackedPart[] = [];
  const pack = (group: PartSchool[]) => {
    const heads = gzipSync(JSON.stringify(group.map(({ head, lineCount }) => ({ ...head, lineCount }))), FAST);
    const lines = gzipSync(group.map((school) => school.lines).join('\n'), FAST);
    if (heads.length + lines.length + PART_OVERHEAD_BYTES <= maxBytes) return void parts.push({ schools: group, heads, lines });
    if (group.length === 1) throw new Error(`school ${group[0]!.head.schoolId}'s results compress to ${heads.length + lines.length} bytes, over the ${maxBytes}-byte item budget`);
    const half = group.length >> 1;
    pack(group.slice(0, half));
    pack(group.slice(half));
  };
  let group: PartSchool[] = [];
  let chars = 0;
  for (const school of schools) {
    const size = school.lines.length + 3 * JSON.stringify(school.head).length;
    if (group.length && chars + size > rawChars) {
      pack(group);
      group = [];
      chars = 0;
    }
    group.push(school);
    chars += size;
  }
  if (group.length) pack(group);
  return parts;
}

/** Keys, names and the count beside a part's two payloads: far more than they take (a school id is short). */
export const PART_OVERHEAD_BYTES = 2048;

/** The heads of a part's schools, each with its line count, in school id order. */
export function partHeads(item: Item): SchoolSummary[] {
  return JSON.parse(gunzipSync(item.heads as Uint8Array).toString('utf8')) as SchoolSummary[];
}

/** Every school of a part as its head and its lines text (school-lines.ts unpacks the text). */
export function partSchools(item: Item): { head: SchoolSummary; lines: string }[] {
  const heads = partHeads(item);
  const texts = gunzipSync(item.lines as Uint8Array).toString('utf8').split('\n');
  if (texts.length !== heads.length) throw new Error(`a stored part of run ${String(item.runId)} holds ${heads.length} schools and ${texts.length} line texts`);
  return heads.map((head, i) => ({ head, lines: texts[i]! }));
}

/** One school of a part, or undefined when the part does not hold it. */
export function partSchool(item: Item, schoolId: string): { head: SchoolSummary; lines: string } | undefined {
  return partSchools(item).find((school) => school.head.schoolId === schoolId);
}

/** The key range in which a school's part is the last one (named by its first school id, at or before this one). */
export function schoolPartRange(schoolId: string): { from: string; to: string } {
  const prefix = schoolPartPrefix(bucketOf(schoolId));
  return { from: prefix, to: prefix + schoolId };
}

export function isSchoolPart(item: Item): boolean {
  return (item.SK as string).startsWith(SCHOOL_PART_PREFIX);
}

/** A compact school from its head and its unpacked lines, as the store returns it (no line count). */
export function compactOf(head: SchoolSummary, lines: CompactSchool['lines']): CompactSchool {
  const { lineCount: _count, ...school } = head;
  return { ...school, lines };
}

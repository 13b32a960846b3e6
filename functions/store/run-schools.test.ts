import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult } from '../../domain/result-form';
import { sampleLines, sampleRuleSet } from '../../test/support/fixtures';
import { embeddedTable } from '../../test/support/store';
import { CHUNK_BYTES } from './keys';
import { batchPut, type Item } from './ops';
import { bucketOf, compareIds, packBucket, PART_OVERHEAD_BYTES, schoolPartItems, SCHOOL_BUCKETS, type PartSchool } from './run-schools';
import { getRunSchool, listRunSchools, listSchoolRuns, readRunSchools } from './run-school-reads';
import { writeRunContent } from './runs';

/** DynamoDB's item size: each attribute's name and value, in UTF-8 bytes (binary as its bytes; a number ≤ 21). */
function itemBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name);
    if (typeof value === 'string') bytes += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) bytes += value.length;
    else if (typeof value === 'number') bytes += 21;
    else if (value instanceof Set) for (const entry of value) bytes += Buffer.byteLength(String(entry));
    else throw new Error(`no size rule for ${name}`);
  }
  return bytes;
}

/** Line text no compressor can shrink much: random digits in the stored column form. */
const incompressible = (chars: number) => `L2;${[...randomBytes(chars)].map((b) => b % 10).join('')};;;;`;
const school = (schoolId: string, lines: string): PartSchool => ({ head: { schoolId, schoolName: '测试学校', schoolType: 'technical_school', ownership: 'public', eligible: true, students: '1', entitlement: '1.00', allocation: '1.00' }, lineCount: 1, lines });

describe('packed run schools', () => {
  it('cut a bucket into parts under the byte budget, halving a part that compresses over it, in id order', () => {
    const schools = Array.from({ length: 12 }, (_, i) => school(`S${String(i).padStart(3, '0')}`, incompressible(20_000)));
    const parts = packBucket(schools, { rawChars: 10 ** 9, maxBytes: 70_000 });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.heads.length + part.lines.length + PART_OVERHEAD_BYTES).toBeLessThanOrEqual(70_000);
    expect(parts.flatMap((part) => part.schools)).toEqual(schools);
  });

  it('take a school that fits to the byte and refuse one a byte over, naming it', () => {
    const one = school('S-edge', incompressible(40_000));
    const [packed] = packBucket([one], { rawChars: 10 ** 9, maxBytes: 10 ** 9 });
    const exact = packed!.heads.length + packed!.lines.length + PART_OVERHEAD_BYTES;
    expect(packBucket([one], { rawChars: 10 ** 9, maxBytes: exact })).toHaveLength(1);
    expect(() => packBucket([one], { rawChars: 10 ** 9, maxBytes: exact - 1 })).toThrow(/S-edge/);
  });

  describe('in a table', () => {
    const table = embeddedTable('run-schools');

    it('store a part at the item budget under DynamoDB\'s 400 KB, and read its school back', async () => {
      // One school whose compressed lines take nearly the whole budget (random digits compress to ~0.48 byte each):
      // about the largest part the store writes.
      const lines = incompressible(Math.floor(((CHUNK_BYTES - PART_OVERHEAD_BYTES) * 0.95) / 0.48));
      const items = [...schoolPartItems('run-edge', '2026-01-01T00:00:00.000Z', [{ head: school('S-big', lines).head, lineCount: 1, lineColumns: lines }])];
      const part = items.find((item) => item.SK.startsWith('SCHOOLPART#'))!;
      expect(itemBytes(part)).toBeGreaterThan(CHUNK_BYTES * 0.9);
      for (const item of items) expect(itemBytes(item)).toBeLessThan(400 * 1024);
      await batchPut(table(), items);
      const parts = await listRunSchools(table(), 'run-edge');
      expect(parts.map((s) => s.schoolId)).toEqual(['S-big']);
    });

    it('read every school of a run packed in many parts, list them in id order, and find a school\'s runs', async () => {
      const outcome = allocate({ ruleSet: sampleRuleSet(), lines: sampleLines(600) });
      if (!outcome.ok) throw new Error('refused');
      const compact = compactResult(outcome.result);
      // Tiny parts: most buckets hold several.
      await writeRunContent(table(), 'run-many', '2026-01-02T00:00:00.000Z', { standards: compact.standards, schools: compact.schools, excluded: [] }, { rawChars: 400, maxBytes: CHUNK_BYTES });
      await writeRunContent(table(), 'run-later', '2026-01-03T00:00:00.000Z', { standards: compact.standards, schools: compact.schools.slice(0, 10), excluded: [] });
      const byId = [...compact.schools].sort((a, b) => compareIds(a.schoolId, b.schoolId));
      expect(await readRunSchools(table(), 'run-many')).toEqual({ standards: compact.standards, schools: byId });
      expect((await listRunSchools(table(), 'run-many')).map((s) => s.schoolId)).toEqual(byId.map((s) => s.schoolId));
      const buckets = new Set(compact.schools.map((s) => bucketOf(s.schoolId)));
      expect(buckets.size).toBeGreaterThan(SCHOOL_BUCKETS / 2);
      for (const wanted of compact.schools.filter((_, i) => i % 7 === 0)) {
        expect(await getRunSchool(table(), 'run-many', wanted.schoolId)).toEqual({ standards: compact.standards, schools: [wanted] });
      }
      // An id between two stored ones, before the first, after the last: not found, never a neighbour.
      for (const missing of ['S000000a', '0', 'T']) await expect(getRunSchool(table(), 'run-many', missing)).rejects.toMatchObject({ text: { code: 'run_school_not_found' } });

      // Newest first, a page at a time; a page may come back short (the bucket's items of runs without the school are
      // filtered out), its cursor says whether more follow.
      const inBoth = compact.schools[3]!.schoolId;
      const first = await listSchoolRuns(table(), inBoth, { limit: 1 });
      expect(first.items).toEqual([{ runId: 'run-later', schoolId: inBoth, createdAt: '2026-01-03T00:00:00.000Z' }]);
      const both = await drain((cursor) => listSchoolRuns(table(), inBoth, { limit: 1, ...(cursor ? { cursor } : {}) }));
      expect(both.map((ref) => ref.runId)).toEqual(['run-later', 'run-many']);
      const onlyInOne = compact.schools[500]!.schoolId;
      const all = await drain((cursor) => listSchoolRuns(table(), onlyInOne, { limit: 2, ...(cursor ? { cursor } : {}) }));
      expect(all.map((ref) => ref.runId)).toEqual(['run-many']);
    });
  });
});

async function drain<T>(page: (cursor?: string) => Promise<{ items: T[]; cursor?: string }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const next = await page(cursor);
    all.push(...next.items);
    cursor = next.cursor;
  } while (cursor);
  return all;
}

import { coded } from '../../domain/problems';
import type { LineResult, PerStudentDerivation, SchoolResult } from '../../domain/result';
import { compactResult } from '../../domain/result-form';
import type { DynamoConnection } from './client';
import { unpackValue } from './chunks';
import { NotFoundError } from './errors';
import { GSI1, SCHOOL_PART_PREFIX, SCHOOL_PREFIX, runPK, schoolBucketIndex, schoolRunsIndex, schoolSK } from './keys';
import { decodeCursor, encodeCursor, getItem, queryAll, queryPage, type Item } from './ops';
import { bucketOf, compactOf, compareIds, partHeads, partSchool, partSchools, schoolPartRange } from './run-schools';
import { readRunStandards } from './runs';
import { unpackSchoolLines } from './school-lines';
import type { Page, PageRequest, SchoolRunRef, SchoolSummary, StoredSchools } from './types';

/**
 * Reading a run's schools: packed parts (run-schools.ts), and, for a run stored before packing, one SCHOOL# item per
 * school (its lines as columns, or, earlier still, every line in full: `linesGz`). Both list in school id order.
 */

const PART_NAMES = { '#heads': 'heads' };

export async function listRunSchools(db: DynamoConnection, runId: string): Promise<SchoolSummary[]> {
  const [parts, legacy] = await Promise.all([
    queryAll(db, { ...runPrefix(runId, SCHOOL_PART_PREFIX), ProjectionExpression: '#heads', ExpressionAttributeNames: PART_NAMES }),
    listLegacySchools(db, runId),
  ]);
  return bothForms(parts.flatMap(partHeads), legacy, (school) => school.schoolId);
}

export async function getRunSchool(db: DynamoConnection, runId: string, schoolId: string): Promise<StoredSchools> {
  const { from, to } = schoolPartRange(schoolId);
  const [found, standards] = await Promise.all([
    queryPage(
      db,
      {
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': runPK(runId), ':from': from, ':to': to },
        ScanIndexForward: false,
        ConsistentRead: true,
      },
      { limit: 1 },
    ),
    readRunStandards(db, runId),
  ]);
  const school = found.items[0] && partSchool(found.items[0], schoolId);
  if (school) return { standards, schools: [compactOf(school.head, unpackSchoolLines(school.lines, standards))] };
  const item = await getItem(db, { PK: runPK(runId), SK: schoolSK(schoolId) });
  if (!item) throw new NotFoundError(coded('run_school_not_found', { runId, schoolId }));
  return legacySchools([item], standards);
}

export async function readRunSchools(db: DynamoConnection, runId: string): Promise<StoredSchools> {
  const [parts, legacyItems, standards] = await Promise.all([queryAll(db, runPrefix(runId, SCHOOL_PART_PREFIX)), queryAll(db, runPrefix(runId, SCHOOL_PREFIX)), readRunStandards(db, runId)]);
  if (!parts.length) return legacySchools(legacyItems, standards);
  const packed = parts.flatMap(partSchools).map(({ head, lines }) => compactOf(head, unpackSchoolLines(lines, standards)));
  // Lines stored with their derivations (before the standards table) refer to a table of their own: such a run was
  // never packed, and is never mixed with parts.
  const legacy = legacyItems.some((item) => item.linesGz !== undefined) ? [] : legacySchools(legacyItems, standards).schools;
  return { standards, schools: bothForms(packed, legacy, (school) => school.schoolId) };
}

/**
 * A run's schools from its parts and from SCHOOL# items, each school once (its part's copy), in school id order. Only
 * a run whose writing spanned two versions holds both (a writer of each began it and the other completed it, the
 * same fenced result): together they are every school, as either alone may not be.
 */
function bothForms<T>(packed: T[], legacy: T[], idOf: (school: T) => string): T[] {
  const packedIds = new Set(packed.map(idOf));
  return [...packed, ...legacy.filter((school) => !packedIds.has(idOf(school)))].sort((a, b) => compareIds(idOf(a), idOf(b)));
}

/** Marks a cursor that starts on the runs stored before packing: the bucket's partition is done. */
const BEFORE_PACKING = 'beforePacking';

/**
 * The runs that hold a school, newest first: its bucket's index items that name it, then the runs stored before
 * packing (older, all of them) from the school's own partition. A page may hold fewer than `limit` (the bucket's
 * items of runs without the school are skipped by the filter); only its cursor says whether more follow.
 */
export async function listSchoolRuns(db: DynamoConnection, schoolId: string, page: PageRequest = {}): Promise<Page<SchoolRunRef>> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const start = page.cursor ? decodeCursor(page.cursor) : undefined;
  const refOf = (item: Item): SchoolRunRef => ({ runId: item.runId as string, schoolId, createdAt: (item.GSI1SK as string).split('#')[0]! });
  const inLegacy = start !== undefined && (start[BEFORE_PACKING] === true || String(start.GSI1PK).startsWith(schoolRunsIndex('')));
  const refs: SchoolRunRef[] = [];
  if (!inLegacy) {
    const packed = await queryPage(
      db,
      {
        IndexName: GSI1,
        KeyConditionExpression: 'GSI1PK = :pk',
        FilterExpression: 'contains(#members, :school)',
        ExpressionAttributeNames: { '#members': 'members' },
        ExpressionAttributeValues: { ':pk': schoolBucketIndex(bucketOf(schoolId)), ':school': schoolId },
        ProjectionExpression: 'runId, GSI1SK',
        ScanIndexForward: false,
      },
      { limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
    );
    refs.push(...packed.items.map(refOf));
    if (packed.cursor) return { items: refs, cursor: packed.cursor };
    if (refs.length === limit) return { items: refs, cursor: encodeCursor({ [BEFORE_PACKING]: true }) };
  }
  const legacyCursor = inLegacy && start[BEFORE_PACKING] !== true ? page.cursor : undefined;
  const legacy = await queryPage(
    db,
    { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': schoolRunsIndex(schoolId) }, ProjectionExpression: 'runId, GSI1SK', ScanIndexForward: false },
    { limit: limit - refs.length, ...(legacyCursor ? { cursor: legacyCursor } : {}) },
  );
  // A run an earlier version began and this one finished holds both forms: it is listed once.
  const seen = new Set(refs.map((ref) => ref.runId));
  refs.push(...legacy.items.map(refOf).filter((ref) => !seen.has(ref.runId)));
  return { items: refs, ...(legacy.cursor ? { cursor: legacy.cursor } : {}) };
}

function runPrefix(runId: string, prefix: string) {
  return { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': runPK(runId), ':prefix': prefix } };
}

// Protection (SPEC §7) is part of a school's summary: the run page shows each school's bound.
const SUMMARY_FIELDS = ['schoolId', 'schoolName', 'schoolType', 'ownership', 'city', 'eligible', 'reason', 'students', 'entitlement', 'allocation', 'protection', 'lineCount'];

async function listLegacySchools(db: DynamoConnection, runId: string): Promise<SchoolSummary[]> {
  const items = await queryAll(db, {
    ...runPrefix(runId, SCHOOL_PREFIX),
    ProjectionExpression: SUMMARY_FIELDS.map((_, i) => `#f${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(SUMMARY_FIELDS.map((name, i) => [`#f${i}`, name])),
  });
  return items as unknown as SchoolSummary[];
}

/**
 * School items (one per school, before packing) as compact schools with the table their lines refer to. A run stored
 * before the standards table existed kept each line's derivation on the line (`linesGz`); its schools are made
 * compact here, with a table of their own.
 */
function legacySchools(items: Item[], standards: PerStudentDerivation[]): StoredSchools {
  const schoolOf = (item: Item) => {
    const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, runId: _run, lineCount: _count, lineColumns: _columns, linesGz: _gz, ...school } = item;
    return school as Omit<SchoolResult, 'lines'>;
  };
  if (!items.some((item) => item.linesGz !== undefined)) {
    return { standards, schools: items.map((item) => ({ ...schoolOf(item), lines: unpackSchoolLines(item.lineColumns as string | Uint8Array, standards) })) };
  }
  const { standards: table, schools } = compactResult({
    summary: undefined as never,
    schools: items.map((item) => ({ ...schoolOf(item), lines: unpackValue<LineResult[]>(item.linesGz as Uint8Array) })),
    excluded: [],
  });
  return { standards: table, schools };
}

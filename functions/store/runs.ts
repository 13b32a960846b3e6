import type { ExcludedFigures } from '../../domain/excluded';
import { coded } from '../../domain/problems';
import type { ExcludedLine, LineResult, RunSummary, SchoolResult } from '../../domain/result';
import type { DynamoConnection } from './client';
import { packList, packValue, unpackList, unpackValue } from './chunks';
import { NotFoundError, StateConflictError } from './errors';
import { EXCLUDED_PREFIX, GSI1, SCHOOL_PREFIX, excludedSK, runKey, runPK, runsIndex, schoolRunsIndex, schoolSK, timeOrdered } from './keys';
import { batchGet, batchPut, getItem, newestFirst, putNew, queryAll, queryPage, updateItem, type Item } from './ops';
import type { Page, PageRequest, RunHeader, SchoolRunRef, SchoolSummary } from './types';

export async function createRunHeader(db: DynamoConnection, input: Omit<RunHeader, 'status'>): Promise<{ created: boolean; header: RunHeader }> {
  const header: RunHeader = { ...input, status: 'pending' };
  if (await putNew(db, { ...runKey(header.runId), ...header })) return { created: true, header };
  const existing = await findRunHeader(db, header.runId);
  if (!existing) throw new Error(`run ${header.runId} exists and vanished`);
  return { created: false, header: existing };
}

/** School items and excluded lines; plain puts, so a retry of a half-written run simply writes them again. */
export async function writeRunContent(db: DynamoConnection, runId: string, createdAt: string, schools: SchoolResult[], excluded: ExcludedLine[]): Promise<void> {
  const schoolItems = schools.map(({ lines, ...school }) => ({
    PK: runPK(runId),
    SK: schoolSK(school.schoolId),
    GSI1PK: schoolRunsIndex(school.schoolId),
    GSI1SK: timeOrdered(createdAt, runId),
    runId,
    ...school,
    lineCount: lines.length,
    linesGz: packValue(lines),
  }));
  const excludedItems = packList(excluded).map((data, i) => ({ PK: runPK(runId), SK: excludedSK(i + 1), data }));
  await batchPut(db, [...schoolItems, ...excludedItems]);
}

/**
 * Marks the run complete and only now gives it the index keys that make it visible in listings. With a content hash
 * (see run-claims.ts) only if the run holds that result: the caller wrote all of its items first.
 */
export async function completeRun(db: DynamoConnection, runId: string, summary: RunSummary, at: string, contentHash?: string, excludedFigures?: ExcludedFigures): Promise<RunHeader> {
  const header = await findRunHeader(db, runId);
  if (!header) throw new NotFoundError(coded('run_not_found', { runId }));
  const updated = await updateItem(db, {
    Key: runKey(runId),
    UpdateExpression: `SET #status = :complete, summary = :summary, completedAt = :at, GSI1PK = :gpk, GSI1SK = :gsk${excludedFigures ? ', excludedFigures = :figures' : ''}`,
    ConditionExpression: contentHash === undefined ? '#status = :pending' : '#status = :pending AND contentHash = :hash',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ...(contentHash === undefined ? {} : { ':hash': contentHash }),
      ...(excludedFigures ? { ':figures': excludedFigures } : {}),
      ':complete': 'complete',
      ':pending': 'pending',
      ':summary': summary,
      ':at': at,
      ':gpk': runsIndex,
      ':gsk': timeOrdered(header.createdAt, runId),
    },
  });
  if (updated !== false) return toHeader(updated);
  const now = await findRunHeader(db, runId);
  if (now?.status === 'complete' && (contentHash === undefined || now.contentHash === contentHash)) return now;
  if (now) throw new StateConflictError('run_content_changed', coded('run_content_changed', { runId }));
  throw new NotFoundError(coded('run_not_found', { runId }));
}

export async function findRunHeader(db: DynamoConnection, runId: string): Promise<RunHeader | undefined> {
  const item = await getItem(db, runKey(runId));
  return item ? toHeader(item) : undefined;
}

export async function getRun(db: DynamoConnection, runId: string): Promise<RunHeader> {
  const header = await findRunHeader(db, runId);
  if (!header || header.status !== 'complete') throw new NotFoundError(coded('run_not_found', { runId }));
  return header;
}

export async function listRuns(db: DynamoConnection, page?: PageRequest): Promise<Page<RunHeader>> {
  const out = await newestFirst(db, runsIndex, page);
  return { ...out, items: out.items.map(toHeader) };
}

export async function listSchoolRuns(db: DynamoConnection, schoolId: string, page?: PageRequest): Promise<Page<SchoolRunRef>> {
  const out = await queryPage(
    db,
    {
      IndexName: GSI1,
      KeyConditionExpression: 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': schoolRunsIndex(schoolId) },
      ProjectionExpression: 'runId, schoolId, GSI1SK',
      ScanIndexForward: false,
    },
    page,
  );
  return {
    ...out,
    items: out.items.map((item) => ({ runId: item.runId as string, schoolId: item.schoolId as string, createdAt: (item.GSI1SK as string).split('#')[0]! })),
  };
}

export async function getRunHeaders(db: DynamoConnection, runIds: string[]): Promise<RunHeader[]> {
  const byId = new Map((await batchGet(db, [...new Set(runIds)].map(runKey))).map((item) => [item.runId as string, toHeader(item)]));
  return runIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

const SUMMARY_FIELDS = ['schoolId', 'schoolName', 'schoolType', 'ownership', 'city', 'eligible', 'reason', 'students', 'entitlement', 'allocation', 'lineCount'];

export async function listRunSchools(db: DynamoConnection, runId: string): Promise<SchoolSummary[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': runPK(runId), ':prefix': SCHOOL_PREFIX },
    ProjectionExpression: SUMMARY_FIELDS.map((_, i) => `#f${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(SUMMARY_FIELDS.map((name, i) => [`#f${i}`, name])),
  });
  return items as unknown as SchoolSummary[];
}

export async function getRunSchool(db: DynamoConnection, runId: string, schoolId: string): Promise<SchoolResult> {
  const item = await getItem(db, { PK: runPK(runId), SK: schoolSK(schoolId) });
  if (!item) throw new NotFoundError(coded('run_school_not_found', { runId, schoolId }));
  return toSchool(item);
}

export async function readRunSchools(db: DynamoConnection, runId: string): Promise<SchoolResult[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': runPK(runId), ':prefix': SCHOOL_PREFIX },
  });
  return items.map(toSchool);
}

export async function readRunExcluded(db: DynamoConnection, runId: string): Promise<ExcludedLine[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': runPK(runId), ':prefix': EXCLUDED_PREFIX },
  });
  return unpackList<ExcludedLine>(items.map((item) => item.data as Uint8Array));
}

function toHeader(item: Item): RunHeader {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...header } = item;
  return header as unknown as RunHeader;
}

function toSchool(item: Item): SchoolResult {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, runId: _run, lineCount: _count, linesGz, ...school } = item;
  return { ...(school as Omit<SchoolResult, 'lines'>), lines: unpackValue<LineResult[]>(linesGz as Uint8Array) };
}

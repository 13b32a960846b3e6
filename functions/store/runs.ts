import type { ExcludedFigures } from '../../domain/excluded';
import { coded } from '../../domain/problems';
import type { ExcludedLine, PerStudentDerivation, RunSummary } from '../../domain/result';
import type { DynamoConnection } from './client';
import { packList, unpackList } from './chunks';
import { packSchoolLines } from './school-lines';
import { NotFoundError, StateConflictError } from './errors';
import { EXCLUDED_PREFIX, STANDARDS_PREFIX, excludedSK, jobTicketSK, runKey, runPK, runsIndex, standardsSK, timeOrdered } from './keys';
import { batchGet, batchPut, getItem, newestFirst, putItem, putNew, queryAll, updateItem, type Item } from './ops';
import { schoolPartItems, type PartBudget } from './run-schools';
import type { PackedSchool, Page, PageRequest, RunContent, RunHeader } from './types';
import type { RunJobState } from '../app/run-jobs';

export async function createRunHeader(db: DynamoConnection, input: Omit<RunHeader, 'status'>): Promise<{ created: boolean; header: RunHeader }> {
  const header: RunHeader = { ...input, status: 'pending' };
  if (await putNew(db, { ...runKey(header.runId), ...header })) return { created: true, header };
  const existing = await findRunHeader(db, header.runId);
  if (!existing) throw new Error(`run ${header.runId} exists and vanished`);
  return { created: false, header: existing };
}

/**
 * Batches of a run's items in flight at once: DynamoDB takes batches in parallel, and a request's time is mostly their
 * round trips. An embedded store works them off on this very thread, so it asks for fewer (DynamoConnection).
 */
const WRITE_CONCURRENCY = 16;

/**
 * The standards table, then the schools (packed several to an item with their compact lines, run-schools.ts) and the
 * excluded lines; plain puts, so a retry of a half-written run simply writes them again (the run's content fence,
 * run-claims.ts, lets only writers of one result write). The table goes first and each of its chunks says how many
 * there are, so a reader can tell a whole table.
 */
export async function writeRunContent(db: DynamoConnection, runId: string, createdAt: string, content: RunContent, budget?: PartBudget): Promise<void> {
  const standardChunks = packList(content.standards);
  await batchPut(db, standardChunks.map((data, i) => ({ PK: runPK(runId), SK: standardsSK(i + 1), data, of: standardChunks.length })));
  const excludedItems = packList(content.excluded).map((data, i) => ({ PK: runPK(runId), SK: excludedSK(i + 1), data }));
  function* items() {
    yield* schoolPartItems(runId, createdAt, packedSchools(content.schools), budget);
    yield* excludedItems;
  }
  await batchPut(db, items(), db.batchesInFlight ?? WRITE_CONCURRENCY);
}

function* packedSchools(schools: RunContent['schools']): Generator<PackedSchool> {
  for (const school of schools) {
    if ('lineColumns' in school) yield school;
    else {
      const { lines, ...head } = school;
      yield { head, lineCount: lines.length, lineColumns: packSchoolLines(lines) };
    }
  }
}

/** Standards tables kept per connection (a warm container): a table is written once and never changes after. */
const STANDARDS_KEPT = 8;
const standardsByConnection = new WeakMap<DynamoConnection, Map<string, PerStudentDerivation[]>>();

/**
 * The run's standards table (empty for a run stored before there was one: its lines carry their derivations). Every
 * statement needs it, and a national table with its citations is ~350 KB of JSON: read once per warm container.
 */
export async function readRunStandards(db: DynamoConnection, runId: string): Promise<PerStudentDerivation[]> {
  let kept = standardsByConnection.get(db);
  if (!kept) standardsByConnection.set(db, (kept = new Map()));
  const known = kept.get(runId);
  if (known) return known;
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': runPK(runId), ':prefix': STANDARDS_PREFIX },
  });
  const standards = unpackList<PerStudentDerivation>(items.map((item) => item.data as Uint8Array));
  // Only a whole table is kept: a run whose table is not (all) written yet, or never was, is read again next time.
  if (standards.length && items.every((item) => item.of === undefined || item.of === items.length)) {
    kept.set(runId, standards);
    if (kept.size > STANDARDS_KEPT) kept.delete(kept.keys().next().value!);
  }
  return standards;
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

/**
 * Queues a run's job: a ticket item whose insertion the table's stream hands to the jobs Lambda (filtered on JOB#).
 * Written after the pending header, so the job always finds its run.
 */
export async function queueRunJob(db: DynamoConnection, runId: string, at: string): Promise<void> {
  await putItem(db, { PK: runPK(runId), SK: jobTicketSK(at), runId, queuedAt: at });
}

/** Records why a pending run's job failed; a run completed meanwhile is left as it is. */
export async function failRunJob(db: DynamoConnection, runId: string, error: NonNullable<RunJobState['error']>, at: string): Promise<RunHeader> {
  return updateJob(db, runId, 'SET #job.#state = :failed, #job.failedAt = :at, #job.#error = :error', { ':failed': 'failed', ':at': at, ':error': error });
}

/** Queues a pending run's job again; the table's stream (or the local runner) takes it up once more. */
export async function requeueRunJob(db: DynamoConnection, runId: string, at: string): Promise<RunHeader> {
  return updateJob(db, runId, 'SET #job.#state = :queued, #job.queuedAt = :at REMOVE #job.failedAt, #job.#error', { ':queued': 'queued', ':at': at });
}

async function updateJob(db: DynamoConnection, runId: string, expression: string, values: Record<string, unknown>): Promise<RunHeader> {
  const updated = await updateItem(db, {
    Key: runKey(runId),
    UpdateExpression: expression,
    ConditionExpression: '#status = :pending AND attribute_exists(#job)',
    ExpressionAttributeNames: { '#status': 'status', '#job': 'job', '#state': 'state', ...(expression.includes('#error') ? { '#error': 'error' } : {}) },
    ExpressionAttributeValues: { ':pending': 'pending', ...values },
  });
  if (updated !== false) return toHeader(updated);
  const now = await findRunHeader(db, runId);
  if (!now) throw new NotFoundError(coded('run_not_found', { runId }));
  return now;
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

export async function getRunHeaders(db: DynamoConnection, runIds: string[]): Promise<RunHeader[]> {
  const byId = new Map((await batchGet(db, [...new Set(runIds)].map(runKey))).map((item) => [item.runId as string, toHeader(item)]));
  return runIds.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
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

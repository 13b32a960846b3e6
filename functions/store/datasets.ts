import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EnrollmentLine, RowProblem } from '../../domain/enrollment';
import type { DynamoConnection } from './client';
import { packList, sliceBytes, unpackList } from './chunks';
import { packLines, unpackLines } from './columns';
import { AlreadyExistsError, NotFoundError, StateConflictError } from './errors';
import { LINES_PREFIX, PART_PREFIX, PROBLEMS_PREFIX, datasetKey, datasetPK, datasetsIndex, linesSK, partChunkSK, problemsSK, timeOrdered } from './keys';
import { batchPut, getItem, putItem, putNew, newestFirst, queryAll, updateItem, type Item } from './ops';
import type { DatasetHeader, Page, PageRequest, SealedContent } from './types';

const PROBLEM_SAMPLE = 50;

export async function createDataset(db: DynamoConnection, input: Omit<DatasetHeader, 'status'>): Promise<DatasetHeader> {
  const header: DatasetHeader = { ...input, status: 'open' };
  const item = { ...datasetKey(header.datasetId), GSI1PK: datasetsIndex, GSI1SK: timeOrdered(header.createdAt, header.datasetId), ...header };
  if (!(await putNew(db, item))) throw new AlreadyExistsError(`dataset ${header.datasetId} already exists`);
  return header;
}

export async function getDataset(db: DynamoConnection, datasetId: string): Promise<DatasetHeader> {
  const item = await getItem(db, datasetKey(datasetId));
  if (!item) throw new NotFoundError(`dataset ${datasetId} does not exist`);
  return toHeader(item);
}

export async function listDatasets(db: DynamoConnection, page?: PageRequest): Promise<Page<DatasetHeader>> {
  const out = await newestFirst(db, datasetsIndex, page);
  return { ...out, items: out.items.map(toHeader) };
}

/**
 * Stores one uploaded part (gzip-compressed, sliced into item-sized chunks). Re-sending the same bytes for a part
 * number is a no-op; different bytes for a part already stored is a conflict; a sealed dataset takes no parts.
 */
export async function putPart(db: DynamoConnection, datasetId: string, partNumber: number, bytes: Uint8Array): Promise<{ partNumber: number; bytes: number }> {
  const header = await getDataset(db, datasetId);
  if (header.status === 'sealed') throw new StateConflictError('already_sealed', `dataset ${datasetId} is sealed; it takes no more parts`);
  const partHash = createHash('sha256').update(bytes).digest('hex');
  const slices = sliceBytes(gzipSync(bytes));
  const itemOf = (index: number) => ({
    PK: datasetPK(datasetId),
    SK: partChunkSK(partNumber, index + 1),
    partNumber,
    partHash,
    sliceCount: slices.length,
    data: slices[index]!,
  });
  if (!(await putNew(db, itemOf(0)))) {
    const existing = await getItem(db, { PK: datasetPK(datasetId), SK: partChunkSK(partNumber, 1) }, ['partHash']);
    if (existing?.partHash !== partHash) throw new AlreadyExistsError(`part ${partNumber} of dataset ${datasetId} was already uploaded with other content`);
  }
  for (let index = 1; index < slices.length; index++) await putItem(db, itemOf(index));
  const stillOpen = await updateItem(db, {
    Key: datasetKey(datasetId),
    UpdateExpression: 'SET lastPartAt = :now',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'open', ':now': new Date().toISOString() },
  });
  if (stillOpen === false) throw new StateConflictError('already_sealed', `dataset ${datasetId} was sealed while part ${partNumber} was uploading`);
  return { partNumber, bytes: bytes.length };
}

/** All parts, in part-number order, joined into the file as uploaded. */
export async function readParts(db: DynamoConnection, datasetId: string): Promise<Uint8Array> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': datasetPK(datasetId), ':prefix': PART_PREFIX },
  });
  const parts = new Map<number, { sliceCount: number; slices: Uint8Array[] }>();
  for (const item of items) {
    const part = parts.get(item.partNumber as number) ?? { sliceCount: item.sliceCount as number, slices: [] };
    part.slices.push(item.data as Uint8Array);
    parts.set(item.partNumber as number, part);
  }
  const ordered = [...parts.entries()].sort(([a], [b]) => a - b);
  const missing = ordered.find(([, part]) => part.slices.length !== part.sliceCount);
  if (missing) throw new StateConflictError('incomplete_part', `part ${missing[0]} of dataset ${datasetId} is incomplete; upload it again`);
  return Buffer.concat(ordered.map(([, part]) => gunzipSync(Buffer.concat(part.slices))));
}

/** Writes the parsed lines and problems in chunks, then flips the header to sealed (only if it is still open). */
export async function sealDataset(db: DynamoConnection, datasetId: string, content: SealedContent, by: string, at: string): Promise<DatasetHeader> {
  const header = await getDataset(db, datasetId);
  if (header.status === 'sealed') throw new StateConflictError('already_sealed', `dataset ${datasetId} is already sealed`);
  const lineChunks = packLines(content.lines);
  const problemChunks = packList(content.problems);
  await batchPut(db, [
    ...lineChunks.map((data, i) => ({ PK: datasetPK(datasetId), SK: linesSK(i + 1), data })),
    ...problemChunks.map((data, i) => ({ PK: datasetPK(datasetId), SK: problemsSK(i + 1), data })),
  ]);
  const sealed = await updateItem(db, {
    Key: datasetKey(datasetId),
    UpdateExpression:
      'SET #status = :sealed, sealedBy = :by, sealedAt = :at, contentHash = :hash, bytes = :bytes, lineCount = :lines, schoolCount = :schools, problemCount = :problems, problemSample = :sample, lineChunks = :lineChunks, problemChunks = :problemChunks, linesForm = :linesForm',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':sealed': 'sealed',
      ':open': 'open',
      ':by': by,
      ':at': at,
      ':hash': content.contentHash,
      ':bytes': content.bytes,
      ':lines': content.lines.length,
      ':schools': new Set(content.lines.map((line) => line.schoolId)).size,
      ':problems': content.problems.length,
      ':sample': content.problems.slice(0, PROBLEM_SAMPLE),
      ':lineChunks': lineChunks.length,
      ':problemChunks': problemChunks.length,
      ':linesForm': LINES_AS_COLUMNS,
    },
  });
  if (sealed === false) throw new StateConflictError('already_sealed', `dataset ${datasetId} was sealed by someone else meanwhile`);
  return toHeader(sealed);
}

export async function readDatasetContent(db: DynamoConnection, datasetId: string): Promise<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }> {
  const item = await getItem(db, datasetKey(datasetId));
  if (!item) throw new NotFoundError(`dataset ${datasetId} does not exist`);
  const header = toHeader(item);
  if (header.status !== 'sealed') throw new StateConflictError('not_sealed', `dataset ${datasetId} is not sealed yet`);
  const [lineChunks, problemChunks] = await Promise.all([
    readChunks(db, datasetId, LINES_PREFIX, item.lineChunks as number),
    readChunks(db, datasetId, PROBLEMS_PREFIX, item.problemChunks as number),
  ]);
  // Datasets sealed before lines were kept as columns hold them as JSON objects.
  const lines = item.linesForm === LINES_AS_COLUMNS ? unpackLines(lineChunks) : unpackList<EnrollmentLine>(lineChunks);
  return { header, lines, problems: unpackList<RowProblem>(problemChunks) };
}

/** Marks a dataset whose lines are stored as columns (columns.ts). */
const LINES_AS_COLUMNS = 'columns';

async function readChunks(db: DynamoConnection, datasetId: string, prefix: string, count: number): Promise<Uint8Array[]> {
  if (!count) return [];
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': datasetPK(datasetId), ':prefix': prefix },
  });
  return items.slice(0, count).map((chunk) => chunk.data as Uint8Array);
}

function toHeader(item: Item): DatasetHeader {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, lineChunks: _lc, problemChunks: _pc, lastPartAt: _lp, linesForm: _lf, ...header } = item;
  return header as unknown as DatasetHeader;
}

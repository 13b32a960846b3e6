import { coded } from '../../domain/problems';
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EnrollmentLine, RowProblem } from '../../domain/enrollment';
import { columnsOf, linesOf, type EnrollmentColumns } from '../../domain/enrollment-columns';
import type { DynamoConnection } from './client';
import { packList, sliceBytes, unpackList } from './chunks';
import { packLines, unpackEnrollment } from './columns';
import { AlreadyExistsError, NotFoundError, StateConflictError } from './errors';
import { PART_PREFIX, datasetKey, datasetPK, datasetsIndex, linesPrefix, linesSK, partChunkSK, problemsPrefix, problemsSK, timeOrdered } from './keys';
import { batchDelete, batchPut, getItem, putItem, putNew, newestFirst, queryAll, updateItem, type Item } from './ops';
import type { DatasetHeader, Page, PageRequest, PartsSnapshot, SealedContent, StoredPart } from './types';

const PROBLEM_SAMPLE = 50;

export async function createDataset(db: DynamoConnection, input: Omit<DatasetHeader, 'status'>): Promise<DatasetHeader> {
  const header: DatasetHeader = { ...input, status: 'open' };
  const item = { ...datasetKey(header.datasetId), GSI1PK: datasetsIndex, GSI1SK: timeOrdered(header.createdAt, header.datasetId), ...header };
  if (!(await putNew(db, item))) throw new AlreadyExistsError(coded('dataset_exists', { datasetId: header.datasetId }));
  return header;
}

export async function getDataset(db: DynamoConnection, datasetId: string): Promise<DatasetHeader> {
  const item = await getItem(db, datasetKey(datasetId));
  if (!item) throw new NotFoundError(coded('dataset_not_found', { datasetId }));
  return toHeader(item);
}

export async function listDatasets(db: DynamoConnection, page?: PageRequest): Promise<Page<DatasetHeader>> {
  const out = await newestFirst(db, datasetsIndex, page);
  return { ...out, items: out.items.map(toHeader) };
}

/**
 * Stores one uploaded part: its bytes first (sliced, each slice gzip-compressed on its own, so a retry that compresses
 * differently still writes slices that fit together), then the commit on the dataset header: the part number joins
 * `committedParts` and `partsFence` goes up, on condition that the dataset is still open. Only a committed part is
 * acknowledged and only committed parts are sealed; a seal that read the fence before this commit cannot succeed
 * (see sealDataset), so an acknowledged part is in the sealed file or the dataset is still open.
 *
 * Re-sending the same bytes is a no-op (also once sealed, when the part was committed before); other bytes for a part
 * number already taken are a conflict; a sealed dataset takes no new part.
 */
export async function putPart(db: DynamoConnection, datasetId: string, partNumber: number, bytes: Uint8Array): Promise<StoredPart> {
  const header = await getItem(db, datasetKey(datasetId));
  if (!header) throw new NotFoundError(coded('dataset_not_found', { datasetId }));
  const committed = committedParts(header);
  const partHash = createHash('sha256').update(bytes).digest('hex');
  const slices = sliceBytes(bytes).map((slice) => gzipSync(slice));
  const itemOf = (index: number) => ({
    PK: datasetPK(datasetId),
    SK: partChunkSK(partNumber, index + 1),
    partNumber,
    partHash,
    sliceCount: slices.length,
    data: slices[index]!,
  });
  if (header.status === 'sealed') {
    if (committed.has(partNumber) && (await storedPartHash(db, datasetId, partNumber)) === partHash) return { partNumber, bytes: bytes.length, fence: fenceOf(header) };
    throw new StateConflictError('already_sealed', coded('dataset_sealed_no_parts', { datasetId }));
  }
  if (!(await putNew(db, itemOf(0))) && (await storedPartHash(db, datasetId, partNumber)) !== partHash) {
    throw new AlreadyExistsError(coded('part_conflict', { datasetId, part: partNumber }));
  }
  for (let index = 1; index < slices.length; index++) await putItem(db, itemOf(index));
  if (committed.has(partNumber)) return { partNumber, bytes: bytes.length, fence: fenceOf(header) };
  const after = await updateItem(db, {
    Key: datasetKey(datasetId),
    UpdateExpression: 'ADD committedParts :part, partsFence :one SET lastPartAt = :now',
    ConditionExpression: '#status = :open',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':open': 'open', ':part': new Set([partNumber]), ':one': 1, ':now': new Date().toISOString() },
  });
  if (after === false) throw new StateConflictError('already_sealed', coded('dataset_sealed_during_part', { datasetId, part: partNumber }));
  return { partNumber, bytes: bytes.length, fence: fenceOf(after) };
}

/**
 * The committed parts, in part-number order, joined into the file as uploaded, with the fence they were read at.
 * The header is read first: every part committed by then has all its slices stored, and a part committed later
 * moves the fence, which makes the seal built on this read fail.
 */
export async function readParts(db: DynamoConnection, datasetId: string): Promise<PartsSnapshot> {
  const header = await getItem(db, datasetKey(datasetId));
  if (!header) throw new NotFoundError(coded('dataset_not_found', { datasetId }));
  const committed = committedParts(header);
  const items = committed.size
    ? await queryAll(db, {
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': datasetPK(datasetId), ':prefix': PART_PREFIX },
      })
    : [];
  const parts = new Map<number, { sliceCount: number; partHash: string; slices: Uint8Array[] }>();
  for (const item of items) {
    const number = item.partNumber as number;
    if (!committed.has(number)) continue;
    const part = parts.get(number) ?? { sliceCount: item.sliceCount as number, partHash: item.partHash as string, slices: [] };
    part.slices.push(item.data as Uint8Array);
    parts.set(number, part);
  }
  const ordered = [...committed].sort((a, b) => a - b).map((number) => {
    const part = parts.get(number);
    if (!part || part.slices.length !== part.sliceCount) throw new StateConflictError('incomplete_part', coded('part_incomplete', { datasetId, part: number }));
    return { number, ...part, bytes: part.slices.reduce((sum, slice) => sum + unpackedLength(slice), 0) };
  });
  const file = unpackFile(ordered.flatMap((part) => part.slices), ordered.reduce((sum, part) => sum + part.bytes, 0));
  const intact = (part: (typeof ordered)[number], bytes: Uint8Array | undefined) => bytes !== undefined && createHash('sha256').update(bytes).digest('hex') === part.partHash;
  if (!file) {
    // Some slice is not what it says: the part it belongs to is named.
    const broken = ordered.find((part) => !intact(part, unpackEach(part.slices))) ?? ordered[0]!;
    throw new StateConflictError('incomplete_part', coded('part_incomplete', { datasetId, part: broken.number }));
  }
  let at = 0;
  for (const part of ordered) {
    if (!intact(part, file.subarray(at, (at += part.bytes)))) throw new StateConflictError('incomplete_part', coded('part_incomplete', { datasetId, part: part.number }));
  }
  return { bytes: file, fence: fenceOf(header) };
}

/**
 * Writes the parsed lines and problems under a fresh generation, then flips the header to sealed, naming that
 * generation, only if it is still open and its parts fence is still `fence` (no part was committed since the parts
 * were read). A seal that loses either race is refused with 409 and its chunks are cleared; nothing refers to them.
 */
export async function sealDataset(db: DynamoConnection, datasetId: string, content: SealedContent, by: string, at: string, fence: number): Promise<DatasetHeader> {
  const header = await getDataset(db, datasetId);
  if (header.status === 'sealed') throw new StateConflictError('already_sealed', coded('dataset_already_sealed', { datasetId }));
  const generation = `g${Date.now().toString(36)}${randomUUID().slice(0, 8)}`;
  const lineChunks = packLines(content.lines);
  const problemChunks = packList(content.problems);
  const chunkItems = [
    ...lineChunks.map((data, i) => ({ PK: datasetPK(datasetId), SK: linesSK(i + 1, generation), data })),
    ...problemChunks.map((data, i) => ({ PK: datasetPK(datasetId), SK: problemsSK(i + 1, generation), data })),
  ];
  await batchPut(db, chunkItems);
  const sealed = await updateItem(db, {
    Key: datasetKey(datasetId),
    UpdateExpression:
      'SET #status = :sealed, sealedBy = :by, sealedAt = :at, contentHash = :hash, bytes = :bytes, lineCount = :lines, schoolCount = :schools, problemCount = :problems, problemSample = :sample, lineChunks = :lineChunks, problemChunks = :problemChunks, contentGeneration = :generation, linesForm = :linesForm',
    ConditionExpression: fence === 0 ? '#status = :open AND (attribute_not_exists(partsFence) OR partsFence = :fence)' : '#status = :open AND partsFence = :fence',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':sealed': 'sealed',
      ':open': 'open',
      ':fence': fence,
      ':by': by,
      ':at': at,
      ':hash': content.contentHash,
      ':bytes': content.bytes,
      ':lines': content.lines.length,
      ':schools': schoolCount(content.lines),
      ':problems': content.problems.length,
      ':sample': content.problems.slice(0, PROBLEM_SAMPLE),
      ':lineChunks': lineChunks.length,
      ':problemChunks': problemChunks.length,
      ':generation': generation,
      ':linesForm': LINES_AS_BINARY_COLUMNS,
    },
  });
  if (sealed !== false) return toHeader(sealed);
  await batchDelete(db, chunkItems.map(({ PK, SK }) => ({ PK, SK }))).catch(() => undefined);
  const now = await getDataset(db, datasetId);
  if (now.status === 'sealed') throw new StateConflictError('already_sealed', coded('dataset_sealed_meanwhile', { datasetId }));
  throw new StateConflictError('parts_changed_while_sealing', coded('parts_changed_while_sealing', { datasetId }));
}

/** A sealed dataset's lines as the engine takes them (domain/enrollment-columns.ts), with its row problems. */
export async function readDatasetEnrollment(db: DynamoConnection, datasetId: string): Promise<{ header: DatasetHeader; enrollment: EnrollmentColumns; problems: RowProblem[] }> {
  const { header, form, lineChunks, problems } = await readSealed(db, datasetId);
  // Datasets sealed before lines were kept as columns hold them as JSON objects: those go through the objects.
  const enrollment = storedColumns(form, lineChunks) ?? columnsOf(unpackList<EnrollmentLine>(lineChunks));
  return { header, enrollment, problems };
}

/** The same lines as objects, for the callers that read them one by one. */
export async function readDatasetContent(db: DynamoConnection, datasetId: string): Promise<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }> {
  const { header, form, lineChunks, problems } = await readSealed(db, datasetId);
  const columns = storedColumns(form, lineChunks);
  return { header, lines: columns ? linesOf(columns) : unpackList<EnrollmentLine>(lineChunks), problems };
}

/** The lines of a dataset sealed as columns (binary, or JSON before that); undefined for one sealed as JSON objects. */
function storedColumns(form: string | undefined, lineChunks: Uint8Array[]): EnrollmentColumns | undefined {
  return form === LINES_AS_BINARY_COLUMNS ? unpackEnrollment(lineChunks) : form === LINES_AS_JSON_COLUMNS ? unpackEnrollment(lineChunks, 'json') : undefined;
}

/** A sealed dataset's header, its line chunks as stored (in `form`: binary columns, JSON columns, or before either, JSON objects) and its row problems. */
async function readSealed(db: DynamoConnection, datasetId: string) {
  const item = await getItem(db, datasetKey(datasetId));
  if (!item) throw new NotFoundError(coded('dataset_not_found', { datasetId }));
  const header = toHeader(item);
  if (header.status !== 'sealed') throw new StateConflictError('not_sealed', coded('dataset_not_sealed', { datasetId }));
  const generation = item.contentGeneration as string | undefined;
  const [lineChunks, problemChunks] = await Promise.all([
    readChunks(db, datasetId, linesPrefix(generation), item.lineChunks as number),
    readChunks(db, datasetId, problemsPrefix(generation), item.problemChunks as number),
  ]);
  return { header, form: item.linesForm as string | undefined, lineChunks, problems: unpackList<RowProblem>(problemChunks) };
}

function schoolCount(lines: readonly EnrollmentLine[]): number {
  const schools = new Set<string>();
  for (const line of lines) schools.add(line.schoolId);
  return schools.size;
}

/** Marks a dataset whose lines are stored as binary columns (columns.ts); `columns` marked them as JSON columns. */
const LINES_AS_BINARY_COLUMNS = 'binary-columns';
const LINES_AS_JSON_COLUMNS = 'columns';

async function readChunks(db: DynamoConnection, datasetId: string, prefix: string, count: number): Promise<Uint8Array[]> {
  if (!count) return [];
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': datasetPK(datasetId), ':prefix': prefix },
  });
  return items.slice(0, count).map((chunk) => chunk.data as Uint8Array);
}

function toHeader(item: Item): DatasetHeader {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, lineChunks: _lc, problemChunks: _pc, lastPartAt: _lp, committedParts: _cp, partsFence: _pf, contentGeneration: _cg, linesForm: _lf, ...header } = item;
  return header as unknown as DatasetHeader;
}

/**
 * The file from its slices (each a gzip member), unpacked in one call into one buffer of the file's size: a national
 * file is ~36 MB, and unpacking each slice and joining them made that much garbage again (still held by the process
 * when the run after a seal reads its dataset, the server's peak) and touched twice as many fresh pages. Undefined
 * when the slices do not unpack to the lengths they carry (each part's hash then says which is wrong).
 */
function unpackFile(slices: Uint8Array[], bytes: number): Buffer | undefined {
  if (bytes === 0) return Buffer.alloc(0);
  try {
    // One more byte than the file, so the output is never full and never joined from pieces (node:zlib).
    const file = gunzipSync(Buffer.concat(slices), { chunkSize: bytes + 1 });
    return file.length === bytes ? file : undefined;
  } catch {
    return undefined;
  }
}

function unpackEach(slices: Uint8Array[]): Buffer | undefined {
  try {
    return Buffer.concat(slices.map((slice) => gunzipSync(slice)));
  } catch {
    return undefined;
  }
}

/** A gzip member's last four bytes: its unpacked length (modulo 2^32; a slice is far smaller). */
function unpackedLength(slice: Uint8Array): number {
  return slice.length < 18 ? 0 : Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength).readUInt32LE(slice.byteLength - 4);
}

function committedParts(header: Item): Set<number> {
  return new Set(header.committedParts instanceof Set ? [...(header.committedParts as Set<number>)].map(Number) : []);
}

function fenceOf(header: Item): number {
  return Number(header.partsFence ?? 0);
}

async function storedPartHash(db: DynamoConnection, datasetId: string, partNumber: number): Promise<string | undefined> {
  const item = await getItem(db, { PK: datasetPK(datasetId), SK: partChunkSK(partNumber, 1) }, ['partHash']);
  return item?.partHash as string | undefined;
}

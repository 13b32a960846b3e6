import zlib from 'node:zlib';
import type yauzl from 'yauzl';
import type { MessageParams } from '../domain/problems';

/**
 * The zip container of XLSX files. Reading: yauzl (a well-kept, spec-following reader) parses the central directory
 * and local headers and bounds each entry's data, before anything is decompressed; Node's zlib inflates one entry at
 * a time in 1 MB chunks, stopped at the size the directory declared and checked against its CRC. (yauzl's own
 * inflating path hands out 16 KB chunks through three streams and was 2.6–7.9× slower over a national workbook;
 * bench/zip-readers.ts.) Writing: an archive whose bytes depend only on its content.
 */

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  /** yauzl's entry and the archive it belongs to: how its data is reached. */
  readonly source: { file: yauzl.ZipFile; entry: yauzl.Entry };
}

export type ZipDirectory = { ok: true; entries: Map<string, ZipEntry>; uncompressedBytes: number } | { ok: false; code: ZipProblem; params?: MessageParams };

/** Why an archive cannot be read, as message codes for the person who uploaded the file (messages/files.ts). */
export type ZipProblem =
  | 'xlsx_not_zip'
  | 'xlsx_corrupt'
  | 'xlsx_part_corrupt'
  | 'xlsx_truncated'
  | 'xlsx_zip64'
  | 'xlsx_expands_too_far'
  | 'xlsx_encrypted'
  | 'xlsx_compression_unsupported'
  | 'xlsx_no_workbook'
  | 'xlsx_no_cell_table'
  | 'xlsx_unterminated_cell'
  | 'xlsx_sheet_part_missing';

/** Damage found while inflating an entry, as a code and its parameters; the message is rendered for the uploader. */
export class ZipError extends Error {
  constructor(
    readonly code: ZipProblem,
    readonly params?: MessageParams,
  ) {
    // The parameters say which part and what damage, for whoever reads a log; the uploader reads the rendered code.
    super(params ? `${code} ${JSON.stringify(params)}` : code);
    this.name = 'ZipError';
  }
}

const STORED = 0;
const DEFLATED = 8;
const ENCRYPTED_FLAG = 0x1;
const UTF8_NAMES_FLAG = 0x800;
const LOCAL_FILE_HEADER = 0x04034b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;

/** The archive's entries by name, or why it cannot be read; nothing is decompressed. */
export async function readZipDirectory(bytes: Uint8Array, maxUncompressedBytes: number): Promise<ZipDirectory> {
  let file: yauzl.ZipFile;
  // Loaded on the first XLSX read: a CSV run (most of them) does not pay for yauzl's modules at start-up.
  const { fromBufferPromise } = (await import('yauzl')).default;
  try {
    // Names are decoded here (UTF-8, whatever flag 0x800 says: XLSX part names are ASCII or UTF-8), so yauzl keeps bytes.
    file = await fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    return { ok: false, code: 'xlsx_not_zip', params: { detail: (error as Error).message } };
  }
  const entries = new Map<string, ZipEntry>();
  let uncompressedBytes = 0;
  try {
    for await (const entry of file.eachEntry()) {
      uncompressedBytes += entry.uncompressedSize;
      if (uncompressedBytes > maxUncompressedBytes) {
        return { ok: false, code: 'xlsx_expands_too_far', params: { maximum: Math.round(maxUncompressedBytes / 2 ** 20) } };
      }
      // Windows tools sometimes write backslashes.
      const name = new TextDecoder().decode(entry.fileName as unknown as Buffer).replace(/\\/g, '/');
      entries.set(name, {
        name,
        method: entry.compressionMethod,
        flags: entry.generalPurposeBitFlag,
        crc32: entry.crc32,
        compressedSize: entry.compressedSize,
        uncompressedSize: entry.uncompressedSize,
        source: { file, entry },
      });
    }
  } catch (error) {
    return { ok: false, code: 'xlsx_corrupt', params: { detail: (error as Error).message } };
  }
  return { ok: true, entries, uncompressedBytes };
}

/** The entry's compressed bytes, as yauzl finds them after checking the local header against the directory. */
async function compressedData(entry: ZipEntry): Promise<Buffer> {
  if (entry.flags & ENCRYPTED_FLAG) throw new ZipError('xlsx_encrypted');
  if (entry.method !== STORED && entry.method !== DEFLATED) throw new ZipError('xlsx_compression_unsupported', { method: entry.method });
  const { file, entry: source } = entry.source;
  const chunks: Buffer[] = [];
  try {
    const raw = await file.openReadStreamPromise(source, { decodeFileData: false });
    for await (const chunk of raw) chunks.push(chunk as Buffer);
  } catch (error) {
    throw new ZipError('xlsx_truncated', { part: entry.name, detail: (error as Error).message });
  }
  return joined(chunks);
}

/** yauzl hands a buffer's range over as consecutive 64 KB views of it: seen as one view again, nothing is copied. */
function joined(chunks: Buffer[]): Buffer {
  const first = chunks[0];
  if (!first) return Buffer.alloc(0);
  let end = first.byteOffset;
  const contiguous = chunks.every((chunk) => chunk.buffer === first.buffer && chunk.byteOffset === end && ((end += chunk.length), true));
  return contiguous ? Buffer.from(first.buffer, first.byteOffset, end - first.byteOffset) : Buffer.concat(chunks);
}

/** `what` went wrong with the part; the uploader is told which part is damaged, the rest is for a debugger. */
function corrupt(entry: ZipEntry, what: 'too_long' | 'inflate' | 'size' | 'crc'): ZipError {
  return new ZipError('xlsx_part_corrupt', { part: entry.name, damage: what });
}

/**
 * One entry, decompressed. Inflating stops at the size the directory declared, so an entry that lies about its
 * size cannot expand past the limit readZipDirectory checked; the CRC catches damage that still inflates.
 */
export async function readZipEntry(entry: ZipEntry): Promise<Buffer> {
  const data = await compressedData(entry);
  let content: Buffer;
  if (entry.method === STORED) {
    content = data;
  } else {
    try {
      // maxOutputLength must be at least 1; a declared size of 0 that inflates to anything fails the check below.
      content = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, entry.uncompressedSize) });
    } catch (error) {
      throw corrupt(entry, (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_long' : 'inflate');
    }
  }
  if (content.length !== entry.uncompressedSize) throw corrupt(entry, 'size');
  if (crc32(content) !== entry.crc32) throw corrupt(entry, 'crc');
  return content;
}

/**
 * Streams one entry's decompressed bytes to `onChunk` (about `chunkBytes` at a time), so a worksheet of a
 * hundred megabytes never sits in memory whole. Same size and checksum guarantees as readZipEntry.
 */
export async function streamZipEntry(entry: ZipEntry, onChunk: (chunk: Buffer) => void, chunkBytes = 1 << 20): Promise<void> {
  const data = await compressedData(entry);
  let size = 0;
  let crc = 0;
  // What the reader of the chunks throws (a limit it reached, say) goes to the caller as it is, not as damage.
  let readerFailed = false;
  const take = (chunk: Buffer) => {
    size += chunk.length;
    if (size > entry.uncompressedSize) throw corrupt(entry, 'too_long');
    crc = crc32(chunk, crc);
    try {
      onChunk(chunk);
    } catch (error) {
      readerFailed = true;
      throw error;
    }
  };
  if (entry.method === STORED) {
    for (let at = 0; at < data.length; at += chunkBytes) take(data.subarray(at, Math.min(at + chunkBytes, data.length)));
  } else {
    const inflate = zlib.createInflateRaw({ chunkSize: chunkBytes });
    inflate.end(data);
    try {
      for await (const chunk of inflate) take(chunk as Buffer);
    } catch (error) {
      inflate.destroy();
      throw error instanceof ZipError || readerFailed ? error : corrupt(entry, 'inflate');
    }
  }
  if (size !== entry.uncompressedSize) throw corrupt(entry, 'size');
  if (crc !== entry.crc32) throw corrupt(entry, 'crc');
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (the zip/PNG polynomial), continuing from `previous`; byte-at-a-time with a 256-entry table. */
export function tableCrc32(data: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

// Node ≥ 20.15 has a native CRC-32, about ten times faster over a 100 MB worksheet; older Node uses the table.
// The native one returns 0 instead of `previous` for an empty array without a backing store (TextEncoder's
// encode('')), which made an entry whose content ended with an empty chunk carry the checksum 0: skipped here.
const nativeCrc32 = (zlib as Partial<typeof zlib>).crc32;
export const crc32: (data: Uint8Array, previous?: number) => number = nativeCrc32
  ? (data, previous = 0) => (data.length === 0 ? previous : nativeCrc32(data, previous))
  : tableCrc32;

/** A file to put in an archive; its content is produced only when the archive reaches it. */
export interface ZipSource {
  name: string;
  content: () => Iterable<Uint8Array>;
}

/** DOS date 1980-01-01, time 00:00: the earliest a zip can record, the same for every archive we write. */
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FIXED_DOS_TIME = 0;
const VERSION_NEEDED = 20;

async function deflate(chunks: Iterable<Uint8Array>): Promise<{ compressed: Buffer[]; compressedSize: number; size: number; crc: number }> {
  const deflater = zlib.createDeflateRaw();
  const compressed: Buffer[] = [];
  let compressedSize = 0;
  deflater.on('data', (chunk: Buffer) => {
    compressed.push(chunk);
    compressedSize += chunk.length;
  });
  const finished = new Promise<void>((resolve, reject) => deflater.on('end', resolve).on('error', reject));
  let size = 0;
  let crc = 0;
  for (const chunk of chunks) {
    size += chunk.length;
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await new Promise((resolve) => deflater.once('drain', resolve));
  }
  deflater.end();
  await finished;
  return { compressed, compressedSize, size, crc };
}

/**
 * A zip of the given files, deflated, with fixed timestamps: equal input gives byte-identical archives on the same
 * zlib. Content is streamed through the compressor, so a large worksheet is held only in compressed form.
 */
export async function writeZip(sources: ZipSource[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const directory: Uint8Array[] = [];
  let offset = 0;
  for (const source of sources) {
    const name = Buffer.from(source.name, 'utf8');
    const { compressed, compressedSize, size, crc } = await deflate(source.content());
    if (offset > 0xfffffffe || size > 0xfffffffe || compressedSize > 0xfffffffe) throw new Error('the workbook is too large for a zip without zip64');
    const local = Buffer.alloc(30 + name.length);
    local.writeUInt32LE(LOCAL_FILE_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    local.writeUInt16LE(UTF8_NAMES_FLAG, 6);
    local.writeUInt16LE(DEFLATED, 8);
    local.writeUInt16LE(FIXED_DOS_TIME, 10);
    local.writeUInt16LE(FIXED_DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    name.copy(local, 30);

    const central = Buffer.alloc(46 + name.length);
    central.writeUInt32LE(CENTRAL_DIRECTORY_ENTRY, 0);
    central.writeUInt16LE(VERSION_NEEDED, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    local.copy(central, 8, 6, 26); // flags, method, time, date, crc, sizes: the same as the local header
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    name.copy(central, 46);

    parts.push(local, ...compressed);
    directory.push(central);
    offset += local.length + compressedSize;
  }
  const directorySize = directory.reduce((sum, entry) => sum + entry.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(sources.length, 8);
  end.writeUInt16LE(sources.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  // Not Buffer.concat: a small result could be a view into Node's shared pool, and callers may use `.buffer`.
  const all = [...parts, ...directory, end];
  const archive = new Uint8Array(all.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of all) {
    archive.set(part, at);
    at += part.length;
  }
  return archive;
}

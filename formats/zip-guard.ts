/**
 * Reads a zip's central directory to learn, before decompressing anything, whether the archive is
 * complete and how large it would become. XLSX is a zip, so this catches truncated uploads and
 * "zip bombs" without handing them to the XLSX parser.
 */
export type ZipCheck = { ok: true; entries: number; uncompressedBytes: number } | { ok: false; message: string };

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const ZIP64_MARKER = 0xffffffff;

export function checkZip(bytes: Uint8Array, maxUncompressedBytes: number): ZipCheck {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is the last 22 bytes plus a comment of up to 65,535 bytes.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) return { ok: false, message: 'the XLSX file is truncated or not a zip archive (no central directory)' };
  const entries = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  const directoryOffset = view.getUint32(end + 16, true);
  if (directoryOffset === ZIP64_MARKER || directoryOffset + directorySize > end) {
    return { ok: false, message: 'the XLSX file is truncated or corrupt (its central directory is out of bounds)' };
  }
  let uncompressedBytes = 0;
  let at = directoryOffset;
  for (let entry = 0; entry < entries; entry++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL_DIRECTORY_ENTRY) {
      return { ok: false, message: 'the XLSX file is corrupt (bad central directory entry)' };
    }
    const size = view.getUint32(at + 24, true);
    if (size === ZIP64_MARKER) return { ok: false, message: 'the XLSX file is too large to read (zip64 entry)' };
    uncompressedBytes += size;
    if (uncompressedBytes > maxUncompressedBytes) {
      return { ok: false, message: `the XLSX file would expand to more than ${Math.round(maxUncompressedBytes / 2 ** 20)} MB; split it` };
    }
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { ok: true, entries, uncompressedBytes };
}

/** DOS date 1980-01-01, time 00:00: the earliest a zip can record. */
const FIXED_DOS_DATE = (0 << 9) | (1 << 5) | 1;
const FIXED_DOS_TIME = 0;
const LOCAL_FILE_HEADER = 0x04034b50;

/**
 * Sets every entry's modification time to a fixed date, in place. The XLSX library stamps entries
 * with the current time, which would make two exports of the same result differ; the timestamps are
 * outside the CRC, so nothing else changes. A malformed archive is left as it is.
 */
export function fixZipTimestamps(bytes: Uint8Array): Uint8Array {
  const check = checkZip(bytes, Number.MAX_SAFE_INTEGER);
  if (!check.ok) return bytes;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end > 0 && view.getUint32(end, true) !== END_OF_CENTRAL_DIRECTORY) end--;
  let at = view.getUint32(end + 16, true);
  for (let entry = 0; entry < check.entries; entry++) {
    view.setUint16(at + 12, FIXED_DOS_TIME, true);
    view.setUint16(at + 14, FIXED_DOS_DATE, true);
    const local = view.getUint32(at + 42, true);
    if (local + 14 <= bytes.length && view.getUint32(local, true) === LOCAL_FILE_HEADER) {
      view.setUint16(local + 10, FIXED_DOS_TIME, true);
      view.setUint16(local + 12, FIXED_DOS_DATE, true);
    }
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return bytes;
}

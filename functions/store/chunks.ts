import { gunzipSync, gzipSync } from 'node:zlib';
import { CHUNK_BYTES } from './keys';

/**
 * Gzip-compressed JSON of a list, cut into pieces that each fit comfortably in one item. The group size adapts
 * to the compression ratio seen so far, so a 360k-line dataset is compressed about once, not once per halving.
 */
export function packList<T>(values: T[], maxBytes = CHUNK_BYTES): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let groupSize = 2000;
  for (let start = 0; start < values.length; ) {
    const group = values.slice(start, start + groupSize);
    const packed = gzipSync(JSON.stringify(group));
    if (packed.length > maxBytes) {
      if (group.length === 1) throw new Error(`a single entry compresses to ${packed.length} bytes, over the ${maxBytes}-byte item budget`);
      groupSize = Math.max(1, Math.floor(group.length / 2));
      continue;
    }
    chunks.push(packed);
    start += group.length;
    const bytesPerValue = packed.length / group.length;
    groupSize = Math.max(1, Math.floor((maxBytes * 0.8) / Math.max(bytesPerValue, 1)));
  }
  return chunks;
}

export function unpackList<T>(chunks: Uint8Array[]): T[] {
  return chunks.flatMap((chunk) => JSON.parse(gunzipSync(chunk).toString('utf8')) as T[]);
}

export function packValue(value: unknown): Uint8Array {
  return gzipSync(JSON.stringify(value));
}

export function unpackValue<T>(bytes: Uint8Array): T {
  return JSON.parse(gunzipSync(bytes).toString('utf8')) as T;
}

/** Raw bytes cut into item-sized slices (uploaded files are already compressed by gzip before this). */
export function sliceBytes(bytes: Uint8Array, maxBytes = CHUNK_BYTES): Uint8Array[] {
  const slices: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += maxBytes) slices.push(bytes.subarray(offset, offset + maxBytes));
  return slices.length ? slices : [new Uint8Array(0)];
}

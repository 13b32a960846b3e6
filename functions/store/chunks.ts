import { gunzipSync, gzipSync } from 'node:zlib';
import { CHUNK_BYTES } from './keys';

/**
 * Gzip-compressed JSON of a list, cut into pieces that each fit comfortably in one item (`packGroups`; a list's
 * entries are seldom under a byte each).
 */
export function packList<T>(values: T[], maxBytes = CHUNK_BYTES): Uint8Array[] {
  return packGroups(values, (group) => gzipSync(JSON.stringify(group)), { maxBytes, firstGroup: 2000, minBytesPerValue: 1, what: 'entry' });
}

export interface GroupBudget {
  /** What one piece may take. */
  maxBytes: number;
  /** How many values the first group tries. */
  firstGroup: number;
  /** The least a value is taken to cost when sizing the next group (an encoding that packs values finer says so). */
  minBytesPerValue: number;
  /** What one value is called when even it alone is over budget. */
  what: string;
}

/**
 * `values` cut into consecutive groups whose encoding fits in `maxBytes`, each encoded by `encode`. A group over
 * budget is halved and tried again; after one that fits, the next is sized to about 80% of the budget from the bytes
 * per value just seen, so a 360k-line dataset is compressed about once, not once per halving.
 */
export function packGroups<T>(values: readonly T[], encode: (group: T[]) => Uint8Array, budget: GroupBudget): Uint8Array[] {
  const { maxBytes } = budget;
  const chunks: Uint8Array[] = [];
  let groupSize = budget.firstGroup;
  for (let start = 0; start < values.length; ) {
    const group = values.slice(start, start + groupSize);
    const packed = encode(group);
    if (packed.length > maxBytes) {
      if (group.length === 1) throw new Error(`a single ${budget.what} compresses to ${packed.length} bytes, over the ${maxBytes}-byte item budget`);
      groupSize = Math.max(1, Math.floor(group.length / 2));
      continue;
    }
    chunks.push(packed);
    start += group.length;
    const bytesPerValue = packed.length / group.length;
    groupSize = Math.max(1, Math.floor((maxBytes * 0.8) / Math.max(bytesPerValue, budget.minBytesPerValue)));
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

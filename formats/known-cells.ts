/** Most cells kept; beyond it the table starts over, so a file of unique cells cannot grow it without bound. */
const MAX_CELLS = 1 << 16;
/** Most bytes kept for the cells; beyond it the table starts over too. */
const MAX_POOL_BYTES = 1 << 23;
const FIRST_SLOTS = 1 << 10;
const FIRST_POOL_BYTES = 1 << 14;
const ABSENT = -1;

/**
 * A number kept per distinct cell, found by the cell's bytes without making a string of them (one per lookup was a
 * tenth of a national read: a major code changes every few lines). Open addressing over an FNV-1a hash of the bytes,
 * which are kept to compare, so a hash collision never mixes two cells up.
 */
export class KnownCells {
  /** Entry of each slot, −1 when free; at most half the slots are used. */
  private slots = new Int32Array(FIRST_SLOTS).fill(ABSENT);
  private starts = new Int32Array(FIRST_SLOTS / 2);
  private lengths = new Int32Array(FIRST_SLOTS / 2);
  private values = new Int32Array(FIRST_SLOTS / 2);
  private pool = new Uint8Array(FIRST_POOL_BYTES);
  private used = 0;
  private count = 0;

  /** The number kept for the cell `bytes[from, to)`, or undefined. */
  get(bytes: Uint8Array, from: number, to: number): number | undefined {
    const { slots, lengths, starts, pool } = this;
    const mask = slots.length - 1;
    const length = to - from;
    for (let slot = hashOf(bytes, from, to) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === ABSENT) return undefined;
      if (lengths[entry] !== length) continue;
      const start = starts[entry]!;
      let k = 0;
      while (k < length && pool[start + k] === bytes[from + k]) k++;
      if (k === length) return this.values[entry];
    }
  }

  /** Keeps `value` for a cell that `get` did not find (a cell of a sixty-fourth of the pool or more is not kept). */
  set(bytes: Uint8Array, from: number, to: number, value: number): void {
    const length = to - from;
    if (length > MAX_POOL_BYTES / 64) return;
    if (this.count === MAX_CELLS || this.used + length > MAX_POOL_BYTES) this.clear();
    if (this.count === this.slots.length / 2) this.grow();
    if (this.used + length > this.pool.length) {
      const pool = new Uint8Array(Math.min(MAX_POOL_BYTES, Math.max(2 * this.pool.length, this.used + length)));
      pool.set(this.pool.subarray(0, this.used));
      this.pool = pool;
    }
    const entry = this.count++;
    this.pool.set(bytes.subarray(from, to), this.used);
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.values[entry] = value;
    this.used += length;
    this.place(entry, hashOf(bytes, from, to));
  }

  private place(entry: number, hash: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== ABSENT) slot = (slot + 1) & mask;
    this.slots[slot] = entry;
  }

  private grow(): void {
    const entries = this.slots.length;
    const widen = (old: Int32Array) => {
      const wider = new Int32Array(entries);
      wider.set(old);
      return wider;
    };
    this.starts = widen(this.starts);
    this.lengths = widen(this.lengths);
    this.values = widen(this.values);
    this.slots = new Int32Array(2 * entries).fill(ABSENT);
    for (let entry = 0; entry < this.count; entry++) {
      const start = this.starts[entry]!;
      this.place(entry, hashOf(this.pool, start, start + this.lengths[entry]!));
    }
  }

  private clear(): void {
    this.slots.fill(ABSENT);
    this.count = 0;
    this.used = 0;
  }
}

function hashOf(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let at = from; at < to; at++) hash = Math.imul(hash ^ bytes[at]!, 0x01000193);
  return hash >>> 0;
}

/**
 * The zip layer alone on the national workbook (issue 15: the hand-written reader or a library): every entry
 * stream-inflated and checksummed by the product's path (yauzl's container parsing, zlib inflating in 1 MB chunks)
 * and by yauzl's own inflating streams, alternating in one process; then each in fresh processes for peak RSS.
 * Measured when choosing (load 8–10): the hand-written reader 222 ms median, yauzl-container + zlib 229 ms (1.03×),
 * yauzl's own inflating 1,757 ms (7.9×; 2.6× in a quieter run); peak RSS 103–114 MB for all three.
 *   node bin/run-ts.mjs bench/zip-readers.ts [--rounds=5]
 */
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { parseArgs } from 'node:util';
import yauzl from 'yauzl';
import { crc32, readZipDirectory, streamZipEntry } from '../formats/zip';
import { datasetFile, NATIONAL_SCHOOLS } from './dataset';
import { bundleEntry, median, peakRssMb, runChild } from './measure';

/** What formats/zip.ts does: yauzl for the container, Node's zlib in 1 MB chunks, our size and CRC checks. */
async function product(bytes: Uint8Array): Promise<number> {
  const directory = await readZipDirectory(bytes, 400 << 20);
  if (!directory.ok) throw new Error(directory.code);
  let total = 0;
  for (const entry of directory.entries.values()) await streamZipEntry(entry, (chunk) => (total += chunk.length));
  return total;
}

/** yauzl throughout: its own inflating streams (16 KB chunks), with the CRC checked on top. */
async function library(bytes: Uint8Array): Promise<number> {
  const zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true });
  let total = 0;
  for await (const entry of zip.eachEntry()) {
    const stream = await zip.openReadStreamPromise(entry);
    let crc = 0;
    for await (const chunk of stream) {
      total += (chunk as Buffer).length;
      crc = crc32(chunk as Buffer, crc);
    }
    if (crc !== entry.crc32) throw new Error(`${entry.fileName}: checksum mismatch`);
  }
  return total;
}

const variants = { product, 'yauzl-inflate': library };
if (process.argv.includes('--child')) {
  const variant = process.argv[process.argv.indexOf('--child') + 1] as keyof typeof variants;
  const bytes = readFileSync(process.argv[process.argv.indexOf('--child') + 2]!);
  const start = performance.now();
  const total = await variants[variant](bytes);
  console.log(JSON.stringify({ ms: Math.round(performance.now() - start), peakRssMb: peakRssMb(), total }));
} else {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
  const file = await datasetFile(NATIONAL_SCHOOLS, 'xlsx');
  const bytes = readFileSync(file);
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const [name, read] of Object.entries(variants)) {
      const start = performance.now();
      await read(bytes);
      times[name]!.push(performance.now() - start);
    }
  }
  const script = await bundleEntry('bench/zip-readers.ts');
  for (const name of Object.keys(variants)) {
    const rss: number[] = [];
    for (let i = 0; i < 3; i++) rss.push((await runChild<{ peakRssMb: number }>(script, ['--child', name, file], { nodeArgs: [] })).peakRssMb);
    const t = times[name]!;
    console.log(`${name}: inflate + CRC of every entry ${Math.round(Math.min(...t))} / ${Math.round(median(t))} / ${Math.round(Math.max(...t))} ms (min/median/max of ${t.length}), peak RSS ${Math.min(...rss)} / ${median(rss)} / ${Math.max(...rss)} MB`);
  }
  console.log(`yauzl-inflate / product (median time): ${(median(times['yauzl-inflate']!) / median(times.product!)).toFixed(2)}`);
}

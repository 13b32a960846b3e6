import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { embeddedTable } from '../../test/support/store';
import { createDataset, putPart, readParts } from './datasets';
import { CHUNK_BYTES, datasetPK, partChunkSK } from './keys';
import { getItem, putItem } from './ops';

describe('a dataset\'s uploaded parts read back', () => {
  const table = embeddedTable('dataset-parts');
  const open = (datasetId: string) => createDataset(table(), { datasetId, name: datasetId, format: 'csv', createdBy: 'wang', createdAt: '2026-01-01T00:00:00.000Z' });

  it('join the parts in part order, byte for byte, across slices, whatever order they came in', async () => {
    await open('ds-join');
    // Part 2 spans three slices (the last one short); part 3 is empty; part 1 is sent last.
    const parts = new Map([[2, randomBytes(2 * CHUNK_BYTES + 1234)], [3, Buffer.alloc(0)], [1, Buffer.from('学校代码,学校名称\n')]]);
    for (const [number, bytes] of parts) await putPart(table(), 'ds-join', number, bytes);
    const read = await readParts(table(), 'ds-join');
    expect(Buffer.compare(read.bytes, Buffer.concat([parts.get(1)!, parts.get(2)!, parts.get(3)!]))).toBe(0);
    expect(read.fence).toBe(3);
  });

  it('name the part whose stored slice is not what it was', async () => {
    await open('ds-broken');
    await putPart(table(), 'ds-broken', 1, Buffer.from('a,b\n'));
    await putPart(table(), 'ds-broken', 2, randomBytes(CHUNK_BYTES + 10));
    await putPart(table(), 'ds-broken', 3, Buffer.from('c,d\n'));
    const key = { PK: datasetPK('ds-broken'), SK: partChunkSK(2, 2) };
    const slice = (await getItem(table(), key))!;
    // Another slice of the same length: the lengths all agree, only the content is wrong.
    await putItem(table(), { ...slice, ...key, data: gzipSync(randomBytes(10)) });
    await expect(readParts(table(), 'ds-broken')).rejects.toMatchObject({ text: { code: 'part_incomplete', params: { part: 2 } } });
    // A slice that is not gzip at all.
    await putItem(table(), { ...slice, ...key, data: Buffer.from('not gzip at all, just text') });
    await expect(readParts(table(), 'ds-broken')).rejects.toMatchObject({ text: { code: 'part_incomplete', params: { part: 2 } } });
  });
});

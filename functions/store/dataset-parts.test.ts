import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../local/dynalite';
import { connect, type DynamoConnection } from './client';
import { createDataset, putPart, readParts } from './datasets';
import { CHUNK_BYTES, datasetPK, partChunkSK } from './keys';
import { getItem, putItem } from './ops';
import { ensureTable } from './table';

describe('a dataset\'s uploaded parts read back', () => {
  let dynamo: LocalDynamo;
  let db: DynamoConnection;
  beforeAll(async () => {
    dynamo = await startDynalite();
    db = connect({ tableName: 'dataset-parts', endpoint: dynamo.endpoint, region: 'us-east-1' }, { requestHandler: dynamo.requestHandler });
    await ensureTable(db.raw, db.config.tableName);
  });
  afterAll(() => dynamo.close());

  const open = (datasetId: string) => createDataset(db, { datasetId, name: datasetId, format: 'csv', createdBy: 'wang', createdAt: '2026-01-01T00:00:00.000Z' });

  it('join the parts in part order, byte for byte, across slices, whatever order they came in', async () => {
    await open('ds-join');
    // Part 2 spans three slices (the last one short); part 3 is empty; part 1 is sent last.
    const parts = new Map([[2, randomBytes(2 * CHUNK_BYTES + 1234)], [3, Buffer.alloc(0)], [1, Buffer.from('学校代码,学校名称\n')]]);
    for (const [number, bytes] of parts) await putPart(db, 'ds-join', number, bytes);
    const read = await readParts(db, 'ds-join');
    expect(Buffer.compare(read.bytes, Buffer.concat([parts.get(1)!, parts.get(2)!, parts.get(3)!]))).toBe(0);
    expect(read.fence).toBe(3);
  });

  it('name the part whose stored slice is not what it was', async () => {
    await open('ds-broken');
    await putPart(db, 'ds-broken', 1, Buffer.from('a,b\n'));
    await putPart(db, 'ds-broken', 2, randomBytes(CHUNK_BYTES + 10));
    await putPart(db, 'ds-broken', 3, Buffer.from('c,d\n'));
    const key = { PK: datasetPK('ds-broken'), SK: partChunkSK(2, 2) };
    const slice = (await getItem(db, key))!;
    // Another slice of the same length: the lengths all agree, only the content is wrong.
    await putItem(db, { ...slice, ...key, data: gzipSync(randomBytes(10)) });
    await expect(readParts(db, 'ds-broken')).rejects.toMatchObject({ text: { code: 'part_incomplete', params: { part: 2 } } });
    // A slice that is not gzip at all.
    await putItem(db, { ...slice, ...key, data: Buffer.from('not gzip at all, just text') });
    await expect(readParts(db, 'ds-broken')).rejects.toMatchObject({ text: { code: 'part_incomplete', params: { part: 2 } } });
  });
});

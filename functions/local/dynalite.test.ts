import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import { connect } from '../store/client';
import { getItem, putNew } from '../store/ops';
import { ensureTable } from '../store/table';
import { asciiJson, startDynalite } from './dynalite';

/**
 * Issue 15, finding 7: dynalite closes a query's iterator by calling `return()` on it. Without that method every
 * query through the embedded store left an iterator open in the database for good (the soak's steady growth).
 */
describe('the embedded dynalite', () => {
  it('gives the store iterators a return() that closes them, as dynalite expects', async () => {
    const dynamo = await startDynalite();
    const db = new MemoryLevel<string, string>();
    await db.put('a', '1');
    const iterator = db.values() as unknown as { next(): Promise<unknown>; return?: () => Promise<{ done: boolean }> };
    expect(await iterator.next()).toBe('1');
    expect(typeof iterator.return).toBe('function');
    expect(await iterator.return!()).toEqual({ done: true });
    await expect(iterator.next()).rejects.toMatchObject({ code: 'LEVEL_ITERATOR_NOT_OPEN' });
    await db.close();
    await dynamo.close();
  });

  it('answers the SDK in process as over HTTP: items, a refused condition, a validation error', async () => {
    const dynamo = await startDynalite();
    const db = connect({ tableName: 'in-process', endpoint: dynamo.endpoint, region: 'us-east-1' }, { requestHandler: dynamo.requestHandler });
    try {
      await ensureTable(db.raw, 'in-process');
      const name = '黑龙江省"煤炭"技工学校';
      expect(await putNew(db, { PK: 'A', SK: '1', name, bytes: new Uint8Array([0, 1, 255]) })).toBe(true);
      expect(await putNew(db, { PK: 'A', SK: '1' })).toBe(false);
      expect(await getItem(db, { PK: 'A', SK: '1' })).toEqual({ PK: 'A', SK: '1', name, bytes: new Uint8Array([0, 1, 255]) });
      await expect(getItem(db, { PK: '', SK: '1' })).rejects.toMatchObject({ name: 'ValidationException' });
    } finally {
      db.raw.destroy();
      await dynamo.close();
    }
  });

  it('writes JSON with its non-ASCII characters escaped, meaning the same document', () => {
    const document = { name: '黑龙江省"煤炭"技工学校', emoji: '𝄞 ok', list: ['哈尔滨', 'a\\b', 'é'] };
    const escaped = asciiJson(Buffer.from(JSON.stringify(document)));
    expect([...escaped].every((byte) => byte < 0x80)).toBe(true);
    expect(JSON.parse(escaped.toString())).toEqual(document);
    const ascii = Buffer.from('<UnknownOperationException/>');
    expect(asciiJson(ascii)).toBe(ascii);
  });
});

import { MemoryLevel } from 'memory-level';
import { describe, expect, it } from 'vitest';
import { startDynalite } from './dynalite';

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
});

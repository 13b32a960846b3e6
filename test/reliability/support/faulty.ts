import type { DynamoConnection } from '../../../functions/store/client';

const WRITES = new Set(['PutCommand', 'UpdateCommand', 'BatchWriteCommand', 'DeleteCommand']);

/** A connection whose document client throws like a dying DynamoDB once `failAfter` more writes went through. */
export function faultyConnection(healthy: DynamoConnection) {
  const state = { failAfter: Infinity, writes: 0, failed: 0 };
  const doc = new Proxy(healthy.doc, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }) => {
        if (WRITES.has(command.constructor.name)) {
          if (state.writes >= state.failAfter) {
            state.failed++;
            throw Object.assign(new Error('socket hang up'), { name: 'InternalServerError', $fault: 'server' });
          }
          state.writes++;
        }
        return (target.send as (c: unknown) => Promise<unknown>)(command);
      };
    },
  });
  return { connection: { ...healthy, doc } as DynamoConnection, state };
}

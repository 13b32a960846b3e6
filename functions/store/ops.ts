import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type QueryCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { DynamoConnection } from './client';
import { GSI1 } from './keys';
import type { Page, PageRequest } from './types';

/**
 * One function per DynamoDB operation the store uses. Conditional writes return `false` when the condition
 * failed instead of throwing, so each caller re-reads and raises the precise domain error.
 */
export type Item = Record<string, unknown>;
type Key = { PK: string; SK: string };

export async function getItem(db: DynamoConnection, key: Key, projection?: string[]): Promise<Item | undefined> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.config.tableName, Key: key, ConsistentRead: true, ...projectionOf(projection) }),
  );
  return Item;
}

/** Put only if no item has this key yet. */
export async function putNew(db: DynamoConnection, item: Item & Key): Promise<boolean> {
  return conditional(() =>
    db.doc.send(new PutCommand({ TableName: db.config.tableName, Item: item, ConditionExpression: 'attribute_not_exists(PK)' })),
  );
}

export async function putItem(db: DynamoConnection, item: Item & Key): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.config.tableName, Item: item }));
}

/** Deletes an item if `condition` holds; false when it did not. */
export async function deleteIf(db: DynamoConnection, key: Key, condition: Pick<UpdateCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>): Promise<boolean> {
  return conditional(() => db.doc.send(new DeleteCommand({ TableName: db.config.tableName, Key: key, ...condition })));
}

export async function updateItem(
  db: DynamoConnection,
  input: Omit<UpdateCommandInput, 'TableName' | 'ReturnValues'>,
): Promise<Item | false> {
  let attributes: Item | undefined;
  const ok = await conditional(async () => {
    const out = await db.doc.send(new UpdateCommand({ ...input, TableName: db.config.tableName, ReturnValues: 'ALL_NEW' }));
    attributes = out.Attributes;
  });
  return ok ? (attributes ?? {}) : false;
}

export async function queryPage(
  db: DynamoConnection,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  page: PageRequest = {},
): Promise<Page<Item>> {
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const out = await db.doc
    .send(
      new QueryCommand({
        ...input,
        TableName: db.config.tableName,
        Limit: limit,
        ...(page.cursor ? { ExclusiveStartKey: decodeCursor(page.cursor) } : {}),
      }),
    )
    .catch((error: unknown) => {
      // A cursor that decodes to a key of the wrong shape is refused by DynamoDB itself: that is the caller's input.
      if (page.cursor && (error as { name?: string }).name === 'ValidationException') throw new InvalidCursorError();
      throw error;
    });
  return { items: out.Items ?? [], ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}) };
}

/** One page of a GSI1 partition, newest first: every list the API offers (datasets, runs, audit) reads this way. */
export function newestFirst(db: DynamoConnection, partition: string, page?: PageRequest): Promise<Page<Item>> {
  return queryPage(db, { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': partition }, ScanIndexForward: false }, page);
}

/**
 * Every item of a query, following LastEvaluatedKey (DynamoDB returns at most 1 MB per call). On the table itself the
 * read is strongly consistent: these queries gather the items of one multi-item write (parts, sealed chunks, a run's
 * schools) right after its header said they are all there, and an eventually consistent read could miss some.
 */
export async function queryAll(db: DynamoConnection, input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Record<string, unknown> | undefined;
  const consistency = input.IndexName ? {} : { ConsistentRead: true };
  do {
    const out = await db.doc.send(
      new QueryCommand({ ...consistency, ...input, TableName: db.config.tableName, ...(start ? { ExclusiveStartKey: start } : {}) }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/**
 * Puts items 25 at a time, a few batches in flight, retrying UnprocessedItems with exponential backoff. Items may be
 * made as they are taken (a run's school items), so only the batches in flight exist at once.
 */
export async function batchPut(db: DynamoConnection, items: Iterable<Item>, concurrency = 4): Promise<void> {
  const source = items[Symbol.iterator]();
  const nextBatch = (): Item[] | undefined => {
    const batch: Item[] = [];
    for (let step = source.next(); !step.done; step = source.next()) {
      batch.push(step.value);
      if (batch.length === 25) break;
    }
    return batch.length ? batch : undefined;
  };
  const worker = async () => {
    for (let batch = nextBatch(); batch; batch = nextBatch()) {
      let pending = batch.map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length; attempt++) {
        if (attempt > 0) await backoff(attempt);
        if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} items unprocessed after ${attempt} attempts`);
        const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.config.tableName]: pending } }));
        pending = (out.UnprocessedItems?.[db.config.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Deletes items 25 at a time (used to clear what a write that lost its race left behind; nothing refers to it). */
export async function batchDelete(db: DynamoConnection, keys: Key[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 25) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (attempt > 10) throw new Error(`BatchWriteItem left ${pending.length} deletes unprocessed`);
      const out = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.config.tableName]: pending as never } }));
      pending = (out.UnprocessedItems?.[db.config.tableName] ?? []) as Record<string, unknown>[];
    }
  }
}

/** Gets items 100 keys at a time, retrying UnprocessedKeys; order of the answer is not the order of the keys. */
export async function batchGet(db: DynamoConnection, keys: Key[]): Promise<Item[]> {
  const found: Item[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 0) await backoff(attempt);
      if (attempt > 10) throw new Error(`BatchGetItem left ${pending.length} keys unprocessed`);
      const out = await db.doc.send(
        new BatchGetCommand({ RequestItems: { [db.config.tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      found.push(...(out.Responses?.[db.config.tableName] ?? []));
      pending = out.UnprocessedKeys?.[db.config.tableName]?.Keys ?? [];
    }
  }
  return found;
}

async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

function projectionOf(attributes?: string[]) {
  if (!attributes?.length) return {};
  return {
    ProjectionExpression: attributes.map((_, i) => `#p${i}`).join(', '),
    ExpressionAttributeNames: Object.fromEntries(attributes.map((name, i) => [`#p${i}`, name])),
  };
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (key && typeof key === 'object' && !Array.isArray(key)) return key;
  } catch {
    // fall through to the error below
  }
  throw new InvalidCursorError();
}

export class InvalidCursorError extends Error {
  readonly code = 'invalid_cursor';
  constructor() {
    super('cursor is not one this API returned');
  }
}

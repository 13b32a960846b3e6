import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { connect, type DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { ensureTable } from '../../functions/store/table';
import type { Store } from '../../functions/store/types';

/** A fresh table on the given endpoint, so suites sharing one DynamoDB process never see each other's items. */
export async function freshStore(endpoint: string): Promise<Store> {
  const connection = connect({ tableName: `skillfund-test-${randomUUID().slice(0, 8)}`, endpoint, region: 'us-east-1' });
  await ensureTable(connection.raw, connection.config.tableName);
  return createDynamoStore(connection);
}

/**
 * A table in an embedded dynalite for the suite it is called in (started before its tests, closed after), for store
 * modules tested below the Store interface; the connection is there once the suite's tests run.
 */
export function embeddedTable(tableName: string): () => DynamoConnection {
  let dynamo: LocalDynamo | undefined;
  let db: DynamoConnection | undefined;
  beforeAll(async () => {
    dynamo = await startDynalite();
    db = connect({ tableName, endpoint: dynamo.endpoint, region: 'us-east-1' }, { requestHandler: dynamo.requestHandler });
    await ensureTable(db.raw, tableName);
  });
  afterAll(() => dynamo?.close());
  return () => db!;
}

import { randomUUID } from 'node:crypto';
import { connect } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { ensureTable } from '../../functions/store/table';
import type { Store } from '../../functions/store/types';

/** A fresh table on the given endpoint, so suites sharing one DynamoDB process never see each other's items. */
export async function freshStore(endpoint: string): Promise<Store> {
  const connection = connect({ tableName: `skillfund-test-${randomUUID().slice(0, 8)}`, endpoint, region: 'us-east-1' });
  await ensureTable(connection.raw, connection.config.tableName);
  return createDynamoStore(connection);
}

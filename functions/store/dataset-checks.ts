import type { DynamoConnection } from './client';
import { datasetChecksKey } from './keys';
import { getItem, putItem } from './ops';
import type { DatasetChecks } from './types';

/** The enrolment warnings of a sealed dataset against the previous one of its series; written once after sealing. */
export async function putDatasetChecks(db: DynamoConnection, datasetId: string, checks: DatasetChecks): Promise<void> {
  await putItem(db, { ...datasetChecksKey(datasetId), ...checks });
}

export async function getDatasetChecks(db: DynamoConnection, datasetId: string): Promise<DatasetChecks | undefined> {
  const item = await getItem(db, datasetChecksKey(datasetId));
  if (!item) return undefined;
  const { PK: _pk, SK: _sk, ...checks } = item;
  return checks as unknown as DatasetChecks;
}

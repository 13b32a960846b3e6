import { afterAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { freshStore } from '../support/store';
import { describeStoreContract } from './contract';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

describeStoreContract('dynalite', async () => {
  dynamo = await startDynalite();
  return freshStore(dynamo.endpoint);
});

import { afterAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { freshStore } from '../support/store';
import { describeConcurrency } from './concurrency';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

describeConcurrency('the embedded store (dynalite)', async () => {
  dynamo = await startDynalite();
  return freshStore(dynamo.endpoint);
});

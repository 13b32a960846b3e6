import { afterAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { freshStore } from '../support/store';
import { describeRunInterleavings } from './run-interleavings';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

describeRunInterleavings('the embedded store (dynalite)', async () => {
  dynamo = await startDynalite();
  return freshStore(dynamo.endpoint);
});

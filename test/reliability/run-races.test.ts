import { afterAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { freshStore } from '../support/store';
import { describeRunRaces } from './run-races';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

describeRunRaces('the embedded store (dynalite)', async () => {
  dynamo = await startDynalite();
  return freshStore(dynamo.endpoint);
});

import { afterAll } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { freshStore } from '../support/store';
import { describeDraftInterleavings } from './draft-interleavings';
import { describeRunInterleavings } from './run-interleavings';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

const openStore = async () => {
  dynamo ??= await startDynalite();
  return freshStore(dynamo.endpoint);
};

describeRunInterleavings('the embedded store (dynalite)', openStore, { core: 2, others: 1 });
describeDraftInterleavings('the embedded store (dynalite)', openStore);

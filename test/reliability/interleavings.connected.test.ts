import { describeOnDynamoDbLocal } from '../support/connected';
import { describeDraftInterleavings } from './draft-interleavings';
import { describeRunInterleavings } from './run-interleavings';

describeOnDynamoDbLocal('decisions interleaved', (openStore) => {
  describeRunInterleavings('DynamoDB Local', openStore, { core: 2, others: 1 });
  describeDraftInterleavings('DynamoDB Local', openStore);
});

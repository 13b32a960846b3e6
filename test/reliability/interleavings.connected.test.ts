import { describeOnDynamoDbLocal } from '../support/connected';
import { describeRunInterleavings } from './run-interleavings';

describeOnDynamoDbLocal('run decisions interleaved', (openStore) => describeRunInterleavings('DynamoDB Local', openStore, { core: 2, others: 1 }));

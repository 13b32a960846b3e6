import { describeOnDynamoDbLocal } from '../support/connected';
import { describeStoreContract } from './contract';

describeOnDynamoDbLocal('store contract', (openStore) => describeStoreContract('DynamoDB Local', openStore));

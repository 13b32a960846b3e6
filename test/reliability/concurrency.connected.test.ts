import { describeOnDynamoDbLocal } from '../support/connected';
import { describeConcurrency } from './concurrency';

describeOnDynamoDbLocal('concurrency', (openStore) => describeConcurrency('DynamoDB Local', openStore));

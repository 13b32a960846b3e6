import { describeOnDynamoDbLocal } from '../support/connected';
import { describeRunRaces } from './run-races';

describeOnDynamoDbLocal('run races', (openStore) => describeRunRaces('DynamoDB Local', openStore));

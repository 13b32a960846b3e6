import { describeOnDynamoDbLocal } from '../support/connected';
import { describeRaces } from './races';

describeOnDynamoDbLocal('races', (openStore) => describeRaces('DynamoDB Local', openStore));

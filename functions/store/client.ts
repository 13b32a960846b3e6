import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface DynamoConfig {
  tableName: string;
  /** Set for dynalite / DynamoDB Local; absent in AWS. */
  endpoint?: string;
  region?: string;
}

export interface DynamoConnection {
  config: DynamoConfig;
  /** How many batches of a bulk write (a run's school items) are in flight at once, when not the store's default. */
  batchesInFlight?: number;
  raw: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}

/**
 * One SDK client per connection; the store modules share it. `requestHandler` replaces the SDK's HTTP transport (the
 * local service hands requests to its embedded dynalite in process, functions/local/dynalite.ts), which also works
 * through bulk writes with fewer batches in flight (`batchesInFlight`).
 */
export function connect(config: DynamoConfig, transport: { requestHandler?: DynamoDBClientConfig['requestHandler']; batchesInFlight?: number } = {}): DynamoConnection {
  const raw = new DynamoDBClient({
    ...(transport.requestHandler ? { requestHandler: transport.requestHandler } : {}),
    region: config.region ?? process.env.AWS_REGION ?? 'cn-north-1',
    ...(config.endpoint
      ? { endpoint: config.endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 5,
  });
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertEmptyValues: false },
  });
  return { config, raw, doc, ...(transport.batchesInFlight ? { batchesInFlight: transport.batchesInFlight } : {}) };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DynamoConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, ...(env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {}) };
}

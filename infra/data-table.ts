import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../functions/store/keys';

/**
 * The key layout is owned by the store (functions/store); this construct only translates the store's own
 * CreateTable definition into CDK, so the local table and the AWS table cannot drift apart.
 */
export type TableDefinition = Pick<CreateTableCommandInput, 'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes'>;

export class DataTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, definition: TableDefinition) {
    super(scope, id);
    const attribute = attributeResolver(definition);
    const keys = keysOf(definition.KeySchema, 'table', attribute);
    this.table = new Table(this, 'Table', {
      partitionKey: keys.partitionKey,
      sortKey: keys.sortKey,
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // New images feed the outbox pipe (infra/domain-events.ts: domain events leave the table this way) and the jobs
      // Lambda (infra/job-functions.ts: inserted job tickets of runs too large for one request); two readers per shard.
      stream: StreamViewType.NEW_IMAGE,
      // Temporary items (stored simulations, functions/store/simulations.ts) carry their expiry here; DynamoDB deletes them.
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // Rule-set versions, runs and the audit trail are the system of record: never dropped with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of definition.GlobalSecondaryIndexes ?? []) {
      if (!index.IndexName) throw new Error('table definition: a global secondary index has no IndexName');
      const indexKeys = keysOf(index.KeySchema, `index ${index.IndexName}`, attribute);
      this.table.addGlobalSecondaryIndex({
        indexName: index.IndexName,
        partitionKey: indexKeys.partitionKey,
        sortKey: indexKeys.sortKey,
        projectionType: projectionOf(index.Projection?.ProjectionType),
        nonKeyAttributes: index.Projection?.NonKeyAttributes,
      });
    }
  }
}

function attributeResolver(definition: TableDefinition): (name: string, where: string) => Attribute {
  const types = new Map((definition.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]));
  return (name, where) => {
    const type = types.get(name);
    if (type === 'S') return { name, type: AttributeType.STRING };
    if (type === 'N') return { name, type: AttributeType.NUMBER };
    if (type === 'B') return { name, type: AttributeType.BINARY };
    throw new Error(`table definition: key attribute "${name}" of the ${where} has no AttributeDefinitions entry`);
  };
}

function keysOf(
  schema: CreateTableCommandInput['KeySchema'],
  where: string,
  attribute: (name: string, where: string) => Attribute,
): { partitionKey: Attribute; sortKey?: Attribute } {
  const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
  const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
  if (!hash) throw new Error(`table definition: the ${where} has no HASH key`);
  return { partitionKey: attribute(hash, where), sortKey: range ? attribute(range, where) : undefined };
}

function projectionOf(type: string | undefined): ProjectionType {
  if (type === undefined || type === 'ALL') return ProjectionType.ALL;
  if (type === 'KEYS_ONLY') return ProjectionType.KEYS_ONLY;
  if (type === 'INCLUDE') return ProjectionType.INCLUDE;
  throw new Error(`table definition: unknown projection type "${type}"`);
}

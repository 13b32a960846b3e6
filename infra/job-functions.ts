import { join } from 'node:path';
import { Duration, Validations, type RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JOB_TICKET_PREFIX } from '../functions/store/keys';
import { acknowledgeIndexWildcard, LAMBDA_BUNDLING, LAMBDA_RUNTIME } from './handler-functions';
import { LOCK_FILE, REPO_ROOT } from './repo-paths';

export interface JobFunctionsProps {
  stage: string;
  /** The table, with a stream (NEW_IMAGE) whose inserted job tickets start the jobs. */
  table: ITable;
  handlersDir: string;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * The jobs Lambda (functions/handlers/jobs.ts): runs too large for one API request (functions/app/run-jobs.ts) are
 * queued as JOB# ticket items, and the table's stream hands each inserted ticket here. Lambda's full 15 minutes
 * and 4 GB (≈2.3 vCPU): a job is a run of more than a million lines, which ~6 µs a line puts at tens of seconds,
 * so this leaves room up to the ~10 M lines the engine handles in memory. One ticket at a time, two retries; a
 * refusal is kept with the run, so only an outage fails a record.
 */
export class JobFunctions extends Construct {
  readonly jobs: NodejsFunction;

  constructor(scope: Construct, id: string, props: JobFunctionsProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'JobsLogs', { retention: props.logRetention, removalPolicy: props.logRemovalPolicy });
    const role = new Role(this, 'JobsRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com'), description: `skillfund ${props.stage} jobs handler` });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }));
    props.table.grantReadWriteData(role);
    acknowledgeIndexWildcard(role, props.table);
    this.jobs = new NodejsFunction(this, 'JobsFunction', {
      entry: join(props.handlersDir, 'jobs.ts'),
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 4096,
      timeout: Duration.minutes(15),
      role,
      logGroup,
      description: `skillfund ${props.stage}: jobs (runs too large for one request)`,
      environment: { TABLE_NAME: props.table.tableName, STAGE: props.stage, NODE_OPTIONS: '--enable-source-maps' },
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: LAMBDA_BUNDLING,
    });
    this.jobs.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.LATEST,
        batchSize: 1,
        retryAttempts: 2,
        reportBatchItemFailures: true,
        // Only inserted tickets: header updates, school items and everything else in the table never start a job.
        filters: [FilterCriteria.filter({ eventName: FilterRule.isEqual('INSERT'), dynamodb: { Keys: { SK: { S: FilterRule.beginsWith(JOB_TICKET_PREFIX) } } } })],
      }),
    );
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams, which the stream event source needs to find the table stream, has no resource-level permission; every other stream action is on this table\'s stream only.',
    });
  }
}

import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { EventBus, EventField, Rule, RuleTargetInput } from 'aws-cdk-lib/aws-events';
import { SnsTopic } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnPipe } from 'aws-cdk-lib/aws-pipes';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { render } from '../messages';
import { outboxIndex } from '../functions/store/keys';
import type { DomainEventType } from '../functions/store/types';

/** Every state change the outbox announces (functions/store/types.ts DomainEventType). */
export const DOMAIN_EVENT_TYPES: readonly DomainEventType[] = ['run.approved', 'run.superseded', 'run.returned', 'run.withdrawn', 'ruleset.published'];

export interface DomainEventsProps {
  stage: string;
  /** The table; it must have a stream with new images (DataTable enables it). */
  table: ITable;
  /** Subscribed to the notification topic when given (`-c notifyEmail=finance-office@example.org`). */
  notifyEmail?: string;
}

/**
 * The outbox delivered (issue 13): the handlers write each domain event as an item of the one table (the same write
 * order as the change it announces); the table's stream carries new outbox items through an EventBridge pipe (no
 * code to run or maintain) onto the stage's event bus, as `source: skillfund.<stage>`, `detail-type: <event
 * type>`. A rule sends every decision to an SNS topic that any deployer can subscribe e-mail, SMS or a queue to;
 * other rules can be added on the bus without touching the service.
 */
export class DomainEvents extends Construct {
  readonly bus: EventBus;
  readonly topic: Topic;
  readonly source: string;

  constructor(scope: Construct, id: string, props: DomainEventsProps) {
    super(scope, id);
    if (!props.table.tableStreamArn) throw new Error('DomainEvents needs the table stream (NEW_IMAGE)');
    this.source = `skillfund.${props.stage}`;
    this.bus = new EventBus(this, 'Bus', { eventBusName: `skillfund-${props.stage}` });

    // Events the pipe could not deliver after its retries wait here for 14 days instead of being lost.
    const undelivered = new Queue(this, 'Undelivered', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(undelivered).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the dead-letter destination of the outbox pipe (EventBridge Pipes DeadLetterConfig), which cdk-nag cannot see.',
    });

    const role = new Role(this, 'PipeRole', { assumedBy: new ServicePrincipal('pipes.amazonaws.com'), description: `skillfund ${props.stage}: outbox stream to event bus` });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'], resources: [props.table.tableStreamArn] }),
    );
    this.bus.grantPutEventsTo(role);
    undelivered.grantSendMessages(role);

    const image = (name: string) => `"<$.dynamodb.NewImage.${name}.S>"`;
    new CfnPipe(this, 'OutboxPipe', {
      name: `skillfund-${props.stage}-outbox`,
      description: 'New outbox items of the skillfund table, as events on the stage bus',
      roleArn: role.roleArn,
      source: props.table.tableStreamArn,
      sourceParameters: {
        dynamoDbStreamParameters: { startingPosition: 'TRIM_HORIZON', batchSize: 10, maximumRetryAttempts: 20, deadLetterConfig: { arn: undelivered.queueArn } },
        filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: ['INSERT'], dynamodb: { NewImage: { GSI1PK: { S: [outboxIndex] } } } }) }] },
      },
      target: this.bus.eventBusArn,
      targetParameters: {
        eventBridgeEventBusParameters: { source: this.source, detailType: '$.dynamodb.NewImage.type.S' },
        // `data` keeps DynamoDB's attribute-value form ({ "runId": { "S": "…" } }); the other fields are plain.
        inputTemplate: `{"eventId": ${image('eventId')}, "type": ${image('type')}, "at": ${image('at')}, "actor": ${image('actor')}, "subject": ${image('subject')}, "data": <$.dynamodb.NewImage.data.M>}`,
      },
    });

    this.topic = new Topic(this, 'Notifications', { displayName: `skillfund ${props.stage} decisions`, enforceSSL: true });
    if (props.notifyEmail) this.topic.addSubscription(new EmailSubscription(props.notifyEmail));
    const field = (path: string) => EventField.fromPath(path);
    new Rule(this, 'NotifyDecisions', {
      eventBus: this.bus,
      description: 'Run approvals, supersessions, returns, withdrawals and rule-set publications, to the notification topic',
      eventPattern: { source: [this.source], detailType: [...DOMAIN_EVENT_TYPES] },
      targets: [
        new SnsTopic(this.topic, {
          message: RuleTargetInput.fromText(
            render({ code: 'notification_text', params: { type: field('$.detail-type'), subject: field('$.detail.subject'), actor: field('$.detail.actor'), at: field('$.detail.at') } }, 'zh'),
          ),
        }),
      ],
    });
  }
}

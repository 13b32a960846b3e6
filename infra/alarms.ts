import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { HandlerGroup } from '../functions/routes';

export interface HandlerAlarmsProps {
  stage: string;
  functions: ReadonlyMap<HandlerGroup | 'jobs', IFunction>;
  /** Subscribed to the alarm topic when given (`-c alarmEmail=ops@example.org`). */
  alarmEmail?: string;
}

/**
 * Any handler error or throttle in a five-minute window alarms: the handlers turn every expected failure
 * (bad input, conflicts, access) into a 4xx, so a Lambda error is always a bug or an outage.
 */
export class HandlerAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: HandlerAlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: `skillfund ${props.stage} alarms`, enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const action = new SnsAction(this.topic);
    for (const [group, fn] of props.functions) {
      const watched: Array<[string, Metric]> = [
        ['Errors', fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' })],
        ['Throttles', fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' })],
      ];
      for (const [kind, metric] of watched) {
        const alarm = new Alarm(this, `${group}-${kind}`, {
          alarmDescription: `skillfund ${props.stage}: the ${group} handler reported ${kind.toLowerCase()}`,
          metric,
          threshold: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          evaluationPeriods: 1,
          // No invocations means nothing went wrong.
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
        alarm.addAlarmAction(action);
        this.alarms.push(alarm);
      }
    }
  }
}

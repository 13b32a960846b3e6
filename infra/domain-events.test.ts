import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { DOMAIN_EVENT_TYPES } from './domain-events';
import { testApp, testStack } from './test-fixtures/stack';

type Resource = { Type: string; Properties: Record<string, any> };

describe('domain events in AWS', () => {
  const template = Template.fromStack(testStack(testApp(), { notifyEmail: 'finance-office@example.org' }));
  const only = (type: string) => {
    const found = Object.values(template.findResources(type) as Record<string, Resource>);
    expect(found, type).toHaveLength(1);
    return found[0]!;
  };

  it('streams new table items and pipes only new outbox items onto the stage bus, with a dead-letter queue', () => {
    expect(only('AWS::DynamoDB::Table').Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    expect(only('AWS::Events::EventBus').Properties.Name).toBe('skillfund-dev');
    const pipe = only('AWS::Pipes::Pipe').Properties;
    const filter = JSON.parse(pipe.SourceParameters.FilterCriteria.Filters[0].Pattern);
    expect(filter).toEqual({ eventName: ['INSERT'], dynamodb: { NewImage: { GSI1PK: { S: ['OUTBOX'] } } } });
    expect(pipe.SourceParameters.DynamoDBStreamParameters.DeadLetterConfig.Arn).toBeDefined();
    expect(pipe.TargetParameters.EventBridgeEventBusParameters).toEqual({ Source: 'skillfund.dev', DetailType: '$.dynamodb.NewImage.type.S' });
    // The detail is valid JSON once the placeholders are filled.
    const filled = pipe.TargetParameters.InputTemplate.replace(/<\$[^>]+>/g, (placeholder: string) => (placeholder.endsWith('.M>') ? '{}' : 'x'));
    expect(JSON.parse(filled)).toEqual({ eventId: 'x', type: 'x', at: 'x', actor: 'x', subject: 'x', data: {} });
  });

  it('sends every decision and publication to a notification topic a deployer can subscribe to', () => {
    const rule = only('AWS::Events::Rule').Properties;
    expect(rule.EventPattern).toEqual({ source: ['skillfund.dev'], 'detail-type': [...DOMAIN_EVENT_TYPES] });
    expect(rule.Targets).toHaveLength(1);
    expect(rule.Targets[0].InputTransformer.InputTemplate).toMatch(/技工院校生均拨款/);
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription') as Record<string, Resource>).map((s) => s.Properties);
    expect(subscriptions).toContainEqual(expect.objectContaining({ Protocol: 'email', Endpoint: 'finance-office@example.org' }));
    template.hasOutput('NotificationTopicArn', {});
    template.hasOutput('EventBusName', {});
  });
});

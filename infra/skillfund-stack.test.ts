import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { READ_ONLY_GROUPS, routeKey, routes } from '../functions/routes';
import { tableDefinition } from '../functions/store/table';
import { TTL_ATTRIBUTE } from '../functions/store/keys';
import { HANDLER_GROUPS } from './handler-functions';
import { DEV_SERVER_ORIGIN, SkillfundStack, type SkillfundStackProps } from './skillfund-stack';
import { FIXTURE_HANDLERS, NO_CONSOLE, testApp, testStack } from './test-fixtures/stack';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string; UpdateReplacePolicy?: string };

function synth(props: Partial<SkillfundStackProps> = {}) {
  const app = testApp();
  const stack = testStack(app, props);
  return { app, stack, template: Template.fromStack(stack) };
}

function resources(template: Template, type: string): Array<[string, Resource]> {
  return Object.entries(template.findResources(type) as Record<string, Resource>);
}

/** The handler functions, keyed by group (their description names it), excluding CDK's own helpers. */
function handlerFunctions(template: Template): Map<string, [string, Resource]> {
  const byGroup = new Map<string, [string, Resource]>();
  for (const [id, fn] of resources(template, 'AWS::Lambda::Function')) {
    const match = /^skillfund dev: (\w+) routes$/.exec(fn.Properties.Description ?? '');
    if (match) byGroup.set(match[1]!, [id, fn]);
  }
  return byGroup;
}

function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** Every action granted to a role, through any AWS::IAM::Policy attached to it or its inline policies. */
function actionsForRole(template: Template, roleLogicalId: string): string[] {
  const attached = resources(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => (policy.Properties.Roles ?? []).some((r: any) => r.Ref === roleLogicalId))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
  const role = template.toJSON().Resources[roleLogicalId] as Resource;
  const inline = (role.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement);
  return [...attached, ...inline].flatMap(actionsOf);
}

describe('SkillfundStack (dev, console built)', () => {
  let template: Template;
  let outdir: string;
  beforeAll(() => {
    const synthesized = synth();
    template = synthesized.template;
    outdir = synthesized.app.outdir;
  });

  it('declares the one table as the store defines it: on demand, PITR, deletion protection, retained', () => {
    const definition = tableDefinition('ignored');
    const tables = resources(template, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.UpdateReplacePolicy).toBe('Retain');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    // Temporary items (stored simulations) expire by the store's TTL attribute.
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TTL_ATTRIBUTE, Enabled: true });
    expect(table.Properties.KeySchema).toEqual(definition.KeySchema);
    expect(new Set(table.Properties.AttributeDefinitions)).toEqual(new Set(definition.AttributeDefinitions));
    expect(table.Properties.GlobalSecondaryIndexes).toEqual(
      definition.GlobalSecondaryIndexes!.map((index) => ({
        IndexName: index.IndexName,
        KeySchema: index.KeySchema,
        Projection: { ProjectionType: index.Projection!.ProjectionType },
      })),
    );
  });

  it('generates exactly the route table, every route behind the one Cognito JWT authorizer', () => {
    const authorizers = resources(template, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers).toHaveLength(1);
    const [authorizerId, authorizer] = authorizers[0]!;
    const [poolId] = resources(template, 'AWS::Cognito::UserPool')[0]!;
    const [clientId] = resources(template, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(authorizer.Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Audience: [{ Ref: clientId }], Issuer: { 'Fn::GetAtt': [poolId, 'ProviderURL'] } },
    });

    const apiRoutes = resources(template, 'AWS::ApiGatewayV2::Route').map(([, route]) => route.Properties);
    expect(apiRoutes).toHaveLength(routes.length);
    expect(new Set(apiRoutes.map((route) => route.RouteKey))).toEqual(new Set(routes.map(routeKey)));
    for (const route of apiRoutes) {
      expect(route, route.RouteKey).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
    }
  });

  it('sends each route to the Lambda of its handler group', () => {
    const functions = handlerFunctions(template);
    const integrations = Object.fromEntries(resources(template, 'AWS::ApiGatewayV2::Integration'));
    for (const [, route] of resources(template, 'AWS::ApiGatewayV2::Route')) {
      const spec = routes.find((r) => routeKey(r) === route.Properties.RouteKey)!;
      const integrationId = route.Properties.Target['Fn::Join'][1][1].Ref as string;
      const [functionId] = functions.get(spec.group)!;
      expect(integrations[integrationId]!.Properties.IntegrationUri, spec.path).toEqual({
        'Fn::GetAtt': [functionId, 'Arn'],
      });
    }
  });

  it('has one nodejs24.x arm64 function per handler group, with the table name and its own log group', () => {
    const functions = handlerFunctions(template);
    expect([...functions.keys()].sort()).toEqual([...HANDLER_GROUPS].sort());
    const [tableId] = resources(template, 'AWS::DynamoDB::Table')[0]!;
    const logGroups = Object.fromEntries(resources(template, 'AWS::Logs::LogGroup'));
    for (const [group, [, fn]] of functions) {
      expect(fn.Properties.Runtime, group).toBe('nodejs24.x');
      expect(fn.Properties.Architectures, group).toEqual(['arm64']);
      expect(fn.Properties.Handler, group).toBe('index.handler');
      expect(fn.Properties.Environment.Variables.TABLE_NAME, group).toEqual({ Ref: tableId });
      const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref as string;
      expect(logGroups[logGroupId]!.Properties.RetentionInDays, group).toBe(30);
    }
  });

  it('grants least privilege: read-only groups cannot write, no role gets a wildcard action', () => {
    const writes = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
    for (const [group, [, fn]] of handlerFunctions(template)) {
      const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
      const role = template.toJSON().Resources[roleId] as Resource;
      expect(role.Properties.ManagedPolicyArns, `${group} has no managed policies`).toBeUndefined();
      const actions = actionsForRole(template, roleId);
      expect(actions, group).toContain('dynamodb:Query');
      if (READ_ONLY_GROUPS.has(group as never)) {
        for (const write of writes) expect(actions, group).not.toContain(write);
      } else {
        expect(actions, group).toEqual(expect.arrayContaining(writes));
      }
      expect(actions.filter((action) => action.includes('*')), group).toEqual([]);
    }
    const everyAction = resources(template, 'AWS::IAM::Policy').flatMap(([, p]) =>
      p.Properties.PolicyDocument.Statement.flatMap(actionsOf),
    );
    expect(everyAction).not.toContain('*');
    expect(everyAction.filter((action) => /^dynamodb:\*/.test(action))).toEqual([]);
  });

  it('lets only an administrator set role and school: readable custom attributes, not writable', () => {
    const [, pool] = resources(template, 'AWS::Cognito::UserPool')[0]!;
    const custom = pool.Properties.Schema.filter((a: any) => a.Name === 'role' || a.Name === 'school_id');
    expect(custom.map((a: any) => [a.Name, a.AttributeDataType, a.Mutable])).toEqual([
      ['role', 'String', true],
      ['school_id', 'String', true],
    ]);
    expect(pool.Properties.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    const [, client] = resources(template, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.ReadAttributes).toEqual(expect.arrayContaining(['custom:role', 'custom:school_id']));
    expect(client.Properties.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.ExplicitAuthFlows).toContain('ALLOW_USER_PASSWORD_AUTH');
  });

  it('serves the console privately through CloudFront OAC and allows it (only) through CORS', () => {
    const [bucketId, bucket] = resources(template, 'AWS::S3::Bucket').find(([id]) => id.startsWith('ConsoleSite'))!;
    expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const [distributionId] = resources(template, 'AWS::CloudFront::Distribution')[0]!;
    const [, api] = resources(template, 'AWS::ApiGatewayV2::Api')[0]!;
    expect(api.Properties.CorsConfiguration.AllowOrigins).toEqual([
      { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] },
    ]);
    expect(api.Properties.CorsConfiguration.AllowHeaders).toEqual(
      expect.arrayContaining(['authorization', 'content-type', 'idempotency-key', 'x-file-name']),
    );
    expect(api.Properties.CorsConfiguration.ExposeHeaders).toEqual(['content-disposition']);
  });

  it('uploads a config.json that the console reads: API URL and Cognito ids filled in at deploy time', () => {
    const [, deployment] = resources(template, 'Custom::CDKBucketDeployment')[0]!;
    const markers: Record<string, unknown> = Object.assign({}, ...deployment.Properties.SourceMarkers);
    const configAsset = readdirAssets(outdir).find((dir) => existsSync(join(dir, 'config.json')))!;
    const config = JSON.parse(readFileSync(join(configAsset, 'config.json'), 'utf8'));
    const resolve = (value: string) => value.replace(/<<marker:0xbaba:\d+>>/g, (m) => JSON.stringify(markers[m]));
    const [apiId] = resources(template, 'AWS::ApiGatewayV2::Api')[0]!;
    const [poolId] = resources(template, 'AWS::Cognito::UserPool')[0]!;
    const [clientId] = resources(template, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(config.auth).toBe('cognito');
    expect(resolve(config.apiUrl)).toContain(JSON.stringify({ Ref: apiId }));
    expect(resolve(config.cognito.userPoolId)).toBe(JSON.stringify({ Ref: poolId }));
    expect(resolve(config.cognito.clientId)).toBe(JSON.stringify({ Ref: clientId }));
    expect(resolve(config.cognito.region)).toBe(JSON.stringify({ Ref: 'AWS::Region' }));
  });

  it('alarms on errors and throttles of every handler', () => {
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    for (const [group, [functionId]] of handlerFunctions(template)) {
      for (const metric of ['Errors', 'Throttles']) {
        const found = alarms.filter(
          (a) => a.MetricName === metric && a.Dimensions?.[0]?.Value?.Ref === functionId && a.Threshold === 1,
        );
        expect(found, `${group} ${metric}`).toHaveLength(1);
        expect(found[0]!.AlarmActions, `${group} ${metric}`).toHaveLength(1);
      }
    }
  });

  it('starts the jobs function from the table stream on inserted job tickets only, with Lambda\'s 15 minutes', () => {
    const [jobsId, jobs] = resources(template, 'AWS::Lambda::Function').find(([, fn]) => /: jobs /.test(fn.Properties.Description ?? ''))!;
    expect(jobs.Properties).toMatchObject({ Timeout: 900, MemorySize: 4096, Runtime: 'nodejs24.x' });
    const [, table] = resources(template, 'AWS::DynamoDB::Table')[0]!;
    expect(table.Properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
    const mappings = resources(template, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.FunctionName.Ref).toBe(jobsId);
    const pattern = JSON.parse(mappings[0]!.FilterCriteria.Filters[0].Pattern);
    expect(pattern).toEqual({ eventName: ['INSERT'], dynamodb: { Keys: { SK: { S: [{ prefix: 'JOB#' }] } } } });
    const alarms = resources(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties);
    expect(alarms.filter((a) => a.Dimensions?.[0]?.Value?.Ref === jobsId)).toHaveLength(2);
  });

  it('outputs the API URL, user pool, app client and console URL', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'UserPoolId', 'UserPoolClientId', 'ConsoleUrl']));
    expect(JSON.stringify(outputs.ConsoleUrl!.Value)).toContain('DomainName');
  });
});

describe('SkillfundStack variants', () => {
  it('skips the console cleanly when web/dist has no build, and allows the dev server through CORS', () => {
    const { stack, template } = synth({ consoleDistDir: NO_CONSOLE });
    expect(stack.consoleDeployed).toBe(false);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::CloudFront::Distribution', 0);
    template.resourceCountIs('Custom::CDKBucketDeployment', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: [DEV_SERVER_ORIGIN] } });
    template.hasOutput('ConsoleUrl', { Value: Match.stringLikeRegexp('^not deployed') });
  });

  it('keeps production logs for a year and retains them with the stack', () => {
    const { template } = synth({ stage: 'prod', consoleDistDir: NO_CONSOLE });
    const logGroups = resources(template, 'AWS::Logs::LogGroup');
    // One per handler group, the jobs function's and the API's access log.
    expect(logGroups.length).toBe(HANDLER_GROUPS.length + 2);
    for (const [id, logGroup] of logGroups) {
      expect(logGroup.Properties.RetentionInDays, id).toBe(365);
      expect(logGroup.DeletionPolicy, id).toBe('Retain');
    }
  });

  it('refuses to synthesize while handler entry files are missing, naming every one', () => {
    const empty = mkdtempSync(join(tmpdir(), 'skillfund-handlers-'));
    const app = testApp();
    expect(() => new SkillfundStack(app, 'Missing', { stage: 'dev', handlersDir: empty })).toThrow(
      new RegExp(`${HANDLER_GROUPS.length} handler entry file\\(s\\) missing[\\s\\S]*${HANDLER_GROUPS.map((g) => `${g}: `).join('[\\s\\S]*')}`),
    );
  });

  it('rejects a stage name that cannot be part of resource names', () => {
    const app = testApp();
    expect(() => new SkillfundStack(app, 'Bad', { stage: 'Prod Stage!', handlersDir: FIXTURE_HANDLERS })).toThrow(/stage "Prod Stage!"/);
  });
});

function readdirAssets(outdir: string): string[] {
  return readdirSync(outdir).filter((name) => name.startsWith('asset.')).map((name) => join(outdir, name));
}

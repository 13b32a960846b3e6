import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { tableDefinition } from '../functions/store/table';
import { HandlerAlarms } from './alarms';
import { ConsoleSite } from './console-site';
import { DataTable, type TableDefinition } from './data-table';
import { DomainEvents } from './domain-events';
import { HandlerFunctions } from './handler-functions';
import { JobFunctions } from './job-functions';
import { Api } from './http-api';
import { DEFAULT_CONSOLE_DIST_DIR, DEFAULT_HANDLERS_DIR } from './repo-paths';
import { Users } from './user-pool';

export interface SkillfundStackProps extends StackProps {
  /** Deployment stage (`-c stage=dev`): names resources and decides log retention. */
  stage: string;
  /** Where `<group>.ts` handler entries live; defaults to functions/handlers. */
  handlersDir?: string;
  /** The console build; deployed only when this directory has an index.html. Defaults to web/dist. */
  consoleDistDir?: string;
  /** Origins allowed by CORS besides the deployed console (e.g. a local dev server). */
  extraCorsOrigins?: string[];
  alarmEmail?: string;
  /** Subscribed to the decisions topic (run approvals, returns…, publications) when given. */
  notifyEmail?: string;
  requireMfa?: boolean;
  /** Defaults to the store's own definition (functions/store/table.ts). */
  tableDefinition?: TableDefinition;
}

/** Stage names become parts of resource names, so keep them short and DNS-safe. */
const STAGE_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** Used when nothing else is allowed, so a freshly deployed API can be tried from the Vite dev server. */
export const DEV_SERVER_ORIGIN = 'http://localhost:5173';

export class SkillfundStack extends Stack {
  readonly consoleDeployed: boolean;
  readonly handlers: HandlerFunctions;

  constructor(scope: Construct, id: string, props: SkillfundStackProps) {
    super(scope, id, props);
    if (!STAGE_PATTERN.test(props.stage)) {
      throw new Error(`stage "${props.stage}" is not valid: use lower-case letters, digits and "-" (at most 16)`);
    }
    Tags.of(this).add('project', 'skillfund');
    Tags.of(this).add('stage', props.stage);
    const production = props.stage === 'prod';
    const logRetention = production ? RetentionDays.ONE_YEAR : RetentionDays.ONE_MONTH;
    const logRemovalPolicy = production ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    const { table } = new DataTable(this, 'Data', props.tableDefinition ?? tableDefinition('skillfund'));
    const functions = (this.handlers = new HandlerFunctions(this, 'Handlers', {
      stage: props.stage,
      table,
      handlersDir: props.handlersDir ?? DEFAULT_HANDLERS_DIR,
      logRetention,
      logRemovalPolicy,
    }));
    const { jobs } = new JobFunctions(this, 'Jobs', { stage: props.stage, table, handlersDir: props.handlersDir ?? DEFAULT_HANDLERS_DIR, logRetention, logRemovalPolicy });
    new HandlerAlarms(this, 'Alarms', { stage: props.stage, functions: new Map([...functions.byGroup, ['jobs', jobs]]), alarmEmail: props.alarmEmail });
    const events = new DomainEvents(this, 'Events', { stage: props.stage, table, ...(props.notifyEmail ? { notifyEmail: props.notifyEmail } : {}) });
    const users = new Users(this, 'Users', { stage: props.stage, requireMfa: props.requireMfa ?? false });

    const consoleDistDir = props.consoleDistDir ?? DEFAULT_CONSOLE_DIST_DIR;
    this.consoleDeployed = existsSync(join(consoleDistDir, 'index.html'));
    const site = this.consoleDeployed
      ? new ConsoleSite(this, 'Console', { stage: props.stage, distDir: consoleDistDir })
      : undefined;
    const corsOrigins = [...(site ? [site.origin] : []), ...(props.extraCorsOrigins ?? [])];

    const api = new Api(this, 'Api', {
      stage: props.stage,
      functions: functions.byGroup,
      userPool: users.userPool,
      client: users.client,
      allowedOrigins: corsOrigins.length > 0 ? corsOrigins : [DEV_SERVER_ORIGIN],
      logRetention,
      logRemovalPolicy,
    });
    site?.deployContent({
      stage: props.stage,
      apiUrl: api.url,
      auth: 'cognito',
      cognito: { userPoolId: users.userPool.userPoolId, clientId: users.client.userPoolClientId, region: this.region },
    });

    new CfnOutput(this, 'ApiUrl', { value: api.url, description: 'Base URL of the HTTP API' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPool.userPoolId });
    new CfnOutput(this, 'EventBusName', { value: events.bus.eventBusName, description: `Domain events: source ${events.source}` });
    new CfnOutput(this, 'NotificationTopicArn', { value: events.topic.topicArn, description: 'Subscribe e-mail or SMS here to hear of approvals, returns and publications' });
    new CfnOutput(this, 'UserPoolClientId', { value: users.client.userPoolClientId });
    new CfnOutput(this, 'ConsoleUrl', {
      value: site ? site.url : 'not deployed: build the console (web/dist) and deploy again',
    });
  }
}

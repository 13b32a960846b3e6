import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { UserPool, UserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { routes, type HandlerGroup } from '../functions/routes';

export interface ApiProps {
  stage: string;
  functions: ReadonlyMap<HandlerGroup, IFunction>;
  userPool: UserPool;
  client: UserPoolClient;
  allowedOrigins: string[];
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/**
 * Headers the handlers read (Idempotency-Key on run creation, x-file-name on uploads) and the one the console
 * must see on exports; API Gateway answers CORS itself, so these replace functions/middleware/cors.ts in AWS.
 */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'x-file-name'];
const EXPOSED_HEADERS = ['content-disposition'];

/** The HTTP API, generated route by route from functions/routes.ts, every route behind the Cognito JWT authorizer. */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly url: string;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    // Audience = the app client id: Cognito ID tokens carry it in `aud` and also carry the custom:role /
    // custom:school_id claims the handlers need (access tokens do not), so the console sends the ID token.
    const authorizer = new HttpJwtAuthorizer('CognitoJwt', props.userPool.userPoolProviderUrl, {
      authorizerName: 'cognito-id-token',
      jwtAudience: [props.client.userPoolClientId],
      identitySource: ['$request.header.Authorization'],
    });
    const methods = [...new Set(routes.map((route) => route.method))];
    this.httpApi = new HttpApi(this, 'HttpApi', {
      apiName: `skillfund-${props.stage}`,
      description: `skillfund ${props.stage} API (routes from functions/routes.ts)`,
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      corsPreflight: {
        allowOrigins: props.allowedOrigins,
        allowMethods: [...methods.map((method) => CorsHttpMethod[method]), CorsHttpMethod.OPTIONS],
        allowHeaders: ALLOWED_HEADERS,
        exposeHeaders: EXPOSED_HEADERS,
        maxAge: Duration.hours(1),
      },
    });

    const integrations = new Map<HandlerGroup, HttpLambdaIntegration>();
    for (const [group, fn] of props.functions) integrations.set(group, new HttpLambdaIntegration(`${group}-integration`, fn));
    for (const route of routes) {
      const integration = integrations.get(route.group);
      if (!integration) throw new Error(`route ${route.method} ${route.path}: no function for group "${route.group}"`);
      // The authorizer is also the API default; naming it per route keeps "every route is authorized" explicit.
      this.httpApi.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer });
    }

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      // A ceiling against runaway clients (and bills); far above what a provincial finance office needs.
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            user: '$context.authorizer.claims.sub',
            ip: '$context.identity.sourceIp',
          }),
        ),
      },
    });
    this.url = this.stage.url;
  }
}

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { READ_ONLY_GROUPS, routes, type HandlerGroup } from '../functions/routes';
import { LOCK_FILE, REPO_ROOT, TSCONFIG } from './repo-paths';

/** Only groups that serve at least one route get a Lambda: the route table is the single source. */
export const HANDLER_GROUPS: readonly HandlerGroup[] = [...new Set(routes.map((route) => route.group))];

/**
 * Sized per group because the work differs: a national run (≈3,000 schools, ≈360k lines) and a simulation
 * (two of them) hold the whole data set in memory, and Lambda CPU scales with memory. 29 s stays under the
 * HTTP API's 30 s integration limit, so a slow request fails as a Lambda timeout we log, not a bare 503.
 */
const SIZING: Record<HandlerGroup, { memoryMb: number; timeoutSeconds: number }> = {
  rulesets: { memoryMb: 512, timeoutSeconds: 10 },
  // Sealing a national file (≈360k lines) peaks at ~0.3 GB and a million-line one (~100 MB) at ~0.5 GB with ~5 s of
  // CPU, measured locally: 2 GB (about one vCPU) keeps the larger within 29 s.
  datasets: { memoryMb: 2048, timeoutSeconds: 29 },
  runs: { memoryMb: 2048, timeoutSeconds: 29 },
  reports: { memoryMb: 1024, timeoutSeconds: 29 },
  exports: { memoryMb: 2048, timeoutSeconds: 29 },
  simulations: { memoryMb: 2048, timeoutSeconds: 29 },
};

export const LAMBDA_RUNTIME = Runtime.NODEJS_24_X;

/**
 * One set of esbuild options for every handler (`infra/bundle-sizes.ts` measures exactly these bundles).
 *
 * The AWS SDK v3 IS bundled (`externalModules: []`): the bundle then carries the exact @aws-sdk/* versions
 * the store was tested against (the runtime's copy changes under us without a deploy, and lib-dynamodb must
 * match client-dynamodb), and tree-shaking keeps only the DynamoDB client we use. Measured, it adds ~300 KB
 * per bundle, and every group stays under issue 6's 1 MB with it (≈ 510–565 KB minified, since XLSX and GB18030
 * are handled without exceljs and iconv-lite); leaving it out would trade a tested dependency for an untested one.
 */
export const LAMBDA_BUNDLING: BundlingOptions = {
  format: OutputFormat.ESM,
  target: 'node24',
  // Prefer the ESM build of dependencies so esbuild can tree-shake them.
  mainFields: ['module', 'main'],
  minify: true,
  sourceMap: true,
  // Stack traces need the mappings, not our source text: keeps the .map (and the zip) small.
  sourcesContent: false,
  // Some dependencies are CommonJS and call require(); an ESM bundle has no require unless we create one.
  banner: "import { createRequire as __skillfundCreateRequire } from 'node:module'; const require = __skillfundCreateRequire(import.meta.url);",
  externalModules: [],
  esbuildArgs: { '--tree-shaking': 'true' },
  tsconfig: TSCONFIG,
  forceDockerBundling: false,
  logLevel: LogLevel.WARNING,
};

export interface HandlerFunctionsProps {
  stage: string;
  table: ITable;
  /** Directory holding `<group>.ts` for every handler group; tests point it at fixtures. */
  handlersDir: string;
  logRetention: RetentionDays;
  logRemovalPolicy: RemovalPolicy;
}

/** One NodejsFunction per handler group, each with its own role, log group and the narrowest table grant. */
export class HandlerFunctions extends Construct {
  readonly byGroup: ReadonlyMap<HandlerGroup, NodejsFunction>;

  constructor(scope: Construct, id: string, props: HandlerFunctionsProps) {
    super(scope, id);
    const entries = requireHandlerEntries(props.handlersDir);
    const byGroup = new Map<HandlerGroup, NodejsFunction>();
    for (const group of HANDLER_GROUPS) {
      byGroup.set(group, this.createFunction(group, entries.get(group)!, props));
    }
    this.byGroup = byGroup;
  }

  private createFunction(group: HandlerGroup, entry: string, props: HandlerFunctionsProps): NodejsFunction {
    const name = pascal(group);
    const logGroup = new LogGroup(this, `${name}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });
    // An explicit role instead of the default AWSLambdaBasicExecutionRole managed policy, which may write to
    // every log group in the account; this one may write only to its own.
    const role = new Role(this, `${name}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `skillfund ${props.stage} ${group} handler`,
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
    );
    if (READ_ONLY_GROUPS.has(group)) props.table.grantReadData(role);
    else props.table.grantReadWriteData(role);

    acknowledgeIndexWildcard(role, props.table);

    const sizing = SIZING[group];
    return new NodejsFunction(this, `${name}Function`, {
      entry,
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: sizing.memoryMb,
      timeout: Duration.seconds(sizing.timeoutSeconds),
      role,
      logGroup,
      description: `skillfund ${props.stage}: ${group} routes`,
      environment: {
        TABLE_NAME: props.table.tableName,
        STAGE: props.stage,
        // Source maps are shipped so that logged stack traces point at our TypeScript, not the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
      },
      projectRoot: REPO_ROOT,
      depsLockFilePath: LOCK_FILE,
      bundling: LAMBDA_BUNDLING,
    });
  }
}

/** Fails synth with every missing entry at once, rather than letting esbuild fail on the first. */
export function requireHandlerEntries(handlersDir: string): Map<HandlerGroup, string> {
  const entries = new Map(HANDLER_GROUPS.map((group) => [group, join(handlersDir, `${group}.ts`)] as const));
  const missing = [...entries].filter(([, path]) => !existsSync(path));
  if (missing.length > 0) {
    const list = missing.map(([group, path]) => `  - ${group}: ${path}`).join('\n');
    throw new Error(
      `Cannot synthesize: ${missing.length} handler entry file(s) missing.\n${list}\n` +
        'Every handler group in functions/routes.ts needs functions/handlers/<group>.ts exporting `handler`.',
    );
  }
  return entries;
}

/**
 * A grant on a table also covers `<table>/index/*` (index names are not known to IAM as separate resources);
 * cdk-nag reports that wildcard as a finding named after the table's logical id.
 */
export function acknowledgeIndexWildcard(role: Role, table: ITable): void {
  const cfnTable = table.node.defaultChild as CfnElement;
  const tableLogicalId = Stack.of(table).getLogicalId(cfnTable);
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
    reason:
      'Scoped to the indexes of the one skillfund table (GSI1 for school runs, lists and the audit trail); ' +
      'IAM has no per-index resource other than this pattern.',
  });
}

function pascal(group: string): string {
  return group.charAt(0).toUpperCase() + group.slice(1);
}

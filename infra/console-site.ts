import { Duration, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import {
  Distribution,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  CachePolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { ConsoleConfig } from '../functions/console-config';

/** The deployed `/config.json`: the API URL and Cognito ids, no demo users. */
export type ConsoleRuntimeConfig = Required<Pick<ConsoleConfig, 'stage' | 'apiUrl' | 'cognito'>> & { auth: 'cognito' };

export interface ConsoleSiteProps {
  stage: string;
  /** The console's production build (`web/dist`). */
  distDir: string;
}

/**
 * The web console on a private S3 bucket behind CloudFront (origin access control). Built in two steps because
 * the API's CORS needs this site's origin while the site's config.json needs the API's URL: construct it
 * first, then `deployContent` once the API exists (no cycle in CloudFormation: only the upload needs both).
 */
export class ConsoleSite extends Construct {
  readonly url: string;
  /** The CORS origin of the console: scheme and host, no trailing slash. */
  readonly origin: string;
  readonly distribution: Distribution;
  private readonly site: Bucket;
  private readonly distDir: string;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      // CloudFront standard logging still delivers through bucket ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.distDir = props.distDir;
    const site = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'site-bucket/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const origin = S3BucketOrigin.withOriginAccessControl(site);
    this.distribution = new Distribution(this, 'Distribution', {
      comment: `skillfund ${props.stage} console`,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      },
      additionalBehaviors: {
        // Never cached, so a redeploy that changes the API URL or pool ids takes effect immediately.
        '/config.json': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        },
      },
      // Includes the Asian edge locations nearest to the console's users.
      priceClass: PriceClass.PRICE_CLASS_200,
      enableLogging: true,
      logBucket: accessLogs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Served on the default *.cloudfront.net certificate, whose TLS policy CloudFront fixes; a custom domain ' +
          'with an ACM certificate (and TLSv1.2_2021) is the upgrade path, documented in infra/README.md.',
      },
      { id: 'AwsSolutions-CFR1', reason: 'Users are finance and school staff; no country is to be excluded.' },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Static files only (the API has its own JWT authorizer and throttling); a WAF web ACL costs money at idle.',
      },
    );

    this.site = site;
    this.origin = `https://${this.distribution.distributionDomainName}`;
    this.url = `${this.origin}/`;
  }

  /** Uploads the build plus a generated config.json (written after the build's own, so it wins). */
  deployContent(runtimeConfig: ConsoleRuntimeConfig): void {
    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(this.distDir), Source.jsonData('config.json', runtimeConfig)],
      destinationBucket: this.site,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 256,
    });
    acknowledgeBucketDeploymentProvider(Stack.of(this), this.site);
  }
}

/**
 * BucketDeployment's provider Lambda is a CDK singleton created at stack level, outside this construct; it
 * runs only while deploying, and its policy is aws-cdk-lib's, so each of its findings is acknowledged here.
 */
function acknowledgeBucketDeploymentProvider(stack: Stack, site: Bucket): void {
  const siteLogicalId = stack.getLogicalId(site.node.defaultChild as CfnElement);
  const wildcards = [
    'Action::s3:GetObject*',
    'Action::s3:GetBucket*',
    'Action::s3:List*',
    'Action::s3:DeleteObject*',
    'Action::s3:Abort*',
    'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
    `Resource::<${siteLogicalId}.Arn>/*`,
    // cloudfront:CreateInvalidation (for the distributionPaths) has no narrower resource in this policy.
    'Resource::*',
  ];
  for (const child of stack.node.children) {
    if (!child.node.id.startsWith('Custom::CDKBucketDeployment')) continue;
    Validations.of(child).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'CDK-owned BucketDeployment provider: runs only during deployment, uses AWSLambdaBasicExecutionRole.',
      },
      {
        id: 'AwsSolutions-L1',
        reason: 'The BucketDeployment provider runtime is chosen by aws-cdk-lib and moves with its upgrades.',
      },
      ...wildcards.map((finding) => ({
        id: `AwsSolutions-IAM5[${finding}]`,
        reason:
          'CDK-owned BucketDeployment provider copying the console build: object wildcards limited to the CDK ' +
          'asset bucket and the console bucket, plus the CloudFront invalidation after each upload.',
      })),
    );
  }
}

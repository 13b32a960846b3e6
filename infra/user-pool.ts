import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface UsersProps {
  stage: string;
  /**
   * Off by default because the console's sign-in (web/src/auth/session.ts) cannot answer an MFA challenge yet;
   * TOTP is still offered. Turn on with `-c requireMfa=true` once it can.
   */
  requireMfa: boolean;
}

/**
 * Who may call the API. Users are created by an administrator (no self sign-up); `role` and `school_id`
 * are custom attributes that Cognito puts into ID tokens as `custom:role` / `custom:school_id`.
 */
export class Users extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: UsersProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `skillfund-${props.stage}`,
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      signInCaseSensitive: false,
      customAttributes: {
        role: new StringAttribute({ minLen: 1, maxLen: 16, mutable: true }),
        school_id: new StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: props.requireMfa ? Mfa.REQUIRED : Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Essentials, not Plus: Plus (threat protection) is billed per active user, which contradicts "no cost at idle".
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      // Accounts and their roles are hard to rebuild; keep them if the stack goes.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Users must never grant themselves a role: the client may READ the custom attributes (so they appear in
    // ID tokens) but may WRITE only ordinary profile attributes. Only an administrator changes `custom:role`.
    const profile = { email: true, fullname: true };
    this.client = this.userPool.addClient('ConsoleClient', {
      userPoolClientName: `skillfund-${props.stage}-console`,
      generateSecret: false,
      // USER_PASSWORD_AUTH is what the console uses (over TLS, no SDK); SRP is left on for SDK-based clients.
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(1),
      readAttributes: new ClientAttributes()
        .withStandardAttributes({ ...profile, emailVerified: true })
        .withCustomAttributes('role', 'school_id'),
      writeAttributes: new ClientAttributes().withStandardAttributes(profile),
    });

    const suppressions = [
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Threat protection needs the Plus feature plan, billed per monthly active user (a cost at idle); ' +
          'the pool has no self sign-up, strong passwords and admin-assigned roles.',
      },
    ];
    if (!props.requireMfa) {
      suppressions.push({
        id: 'AwsSolutions-COG2',
        reason:
          'MFA is optional (TOTP offered) until the console can answer an MFA challenge at sign-in; ' +
          'deploy with -c requireMfa=true to require it.',
      });
    }
    Validations.of(this.userPool).acknowledge(...suppressions);
  }
}

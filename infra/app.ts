import { App } from 'aws-cdk-lib';
import { addComplianceChecks } from './compliance';
import { SkillfundStack } from './skillfund-stack';

/**
 * `npx cdk synth|deploy -c stage=dev [-c alarmEmail=…] [-c corsOrigins=a,b] [-c requireMfa=true]`.
 * Environment-agnostic (no account/region, no lookups) so synth works offline without credentials; the
 * deploying profile's account and region are used at deploy time.
 */
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};
const stage = context('stage') ?? 'dev';

new SkillfundStack(app, `Skillfund-${stage}`, {
  stage,
  description: `skillfund (${stage}): differentiated per-student appropriations`,
  alarmEmail: context('alarmEmail'),
  notifyEmail: context('notifyEmail'),
  extraCorsOrigins: context('corsOrigins')?.split(',').map((origin) => origin.trim()),
  requireMfa: context('requireMfa') === 'true',
});
addComplianceChecks(app);

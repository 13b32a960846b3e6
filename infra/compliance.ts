import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * cdk-nag v3 is a CDK policy-validation plugin: any finding not acknowledged (with a reason, via
 * `Validations.of(construct).acknowledge`) fails `cdk synth` and `cdk deploy`.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}

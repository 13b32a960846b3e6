import { Validations } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { addComplianceChecks } from './compliance';
import { NO_CONSOLE, testApp, testStack } from './test-fixtures/stack';

/**
 * cdk-nag v3 reports through CDK's policy-validation plugins, not through Annotations, so the findings are
 * collected from the pack's own report (`validateScope`), which is what `cdk synth` consults.
 */
function findings(scope: IConstruct, severity: 'error' | 'warning') {
  return new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.filter((violation) => violation.severity === severity)
    .map((violation) => `${violation.ruleName} at ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`);
}

/** CDK records acknowledgements as construct metadata: `{ "Annotation::<rule id>": reason }`. */
function acknowledgements(scope: IConstruct): Array<{ path: string; id: string; reason: string }> {
  return scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>))
      .map(([id, reason]) => ({ path: construct.node.path, id: id.replace(/^Annotation::/, ''), reason })),
  );
}

describe('cdk-nag AwsSolutions checks', () => {
  const variants = {
    'dev with console': {},
    'dev without console': { consoleDistDir: NO_CONSOLE },
    'prod with MFA required': { stage: 'prod', requireMfa: true },
  };

  for (const [name, props] of Object.entries(variants)) {
    it(`${name}: no unacknowledged error or warning`, () => {
      const stack = testStack(testApp(), props);
      expect(findings(stack, 'error')).toEqual([]);
      expect(findings(stack, 'warning')).toEqual([]);
    });
  }

  it('every AwsSolutions acknowledgement names one rule (or finding) and gives a written reason', () => {
    // aws-cdk-lib acknowledges some of its own CloudFormation-Validate rules; only ours are checked here.
    const ours = acknowledgements(testStack(testApp())).filter(({ id }) => id.startsWith('AwsSolutions-'));
    expect(ours.length).toBeGreaterThan(0);
    for (const { path, id, reason } of ours) {
      expect(id, path).toMatch(/^AwsSolutions-[A-Z]+\d+(\[.+\])?$/);
      expect(reason.trim().length, `${path} ${id}`).toBeGreaterThanOrEqual(40);
    }
  });

  it('gates synthesis: the same plugin app.ts registers passes our stack and fails a non-compliant one', () => {
    const compliant = testApp();
    addComplianceChecks(compliant);
    testStack(compliant, { consoleDistDir: NO_CONSOLE });
    expect(() => compliant.synth()).not.toThrow();

    const broken = testApp();
    addComplianceChecks(broken);
    const stack = testStack(broken, { consoleDistDir: NO_CONSOLE });
    new Bucket(stack, 'UnloggedBucket');
    expect(findings(stack, 'error').join('\n')).toMatch(/AwsSolutions-S1 at Test\/UnloggedBucket/);
    // The message is the validation report (or a pointer to it, depending on the CDK output mode).
    expect(() => broken.synth()).toThrow(/AwsSolutions-S1|Validation failed/);
    // Two full syntheses with the plugin: 40–70 s when the shared 2-core machine is busy, more than the default 30 s.
  }, 180_000);
});

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { SkillfundStack, type SkillfundStackProps } from '../skillfund-stack';

const here = fileURLToPath(new URL('.', import.meta.url));
/** Stand-in handler entries so the template tests do not depend on functions/handlers being written yet. */
export const FIXTURE_HANDLERS = join(here, 'handlers');
export const FIXTURE_CONSOLE = join(here, 'web-dist');
export const NO_CONSOLE = join(tmpdir(), 'skillfund-no-console-here');

/** An app that skips bundling (templates do not depend on bundle contents); bundle.test.ts bundles for real. */
export function testApp(): App {
  return new App({ context: { 'aws:cdk:bundling-stacks': [] } });
}

export function testStack(app: App, props: Partial<SkillfundStackProps> = {}): SkillfundStack {
  return new SkillfundStack(app, 'Test', {
    stage: 'dev',
    handlersDir: FIXTURE_HANDLERS,
    consoleDistDir: FIXTURE_CONSOLE,
    ...props,
  });
}

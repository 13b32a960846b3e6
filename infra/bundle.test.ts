import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleHandlers, type BundleSize } from './bundle-sizes';
import { HANDLER_GROUPS } from './handler-functions';
import { DEFAULT_HANDLERS_DIR } from './repo-paths';
import { FIXTURE_HANDLERS } from './test-fixtures/stack';

/**
 * Issue 6's 1 MB per bundle, met by every group since XLSX and GB18030 no longer need exceljs and iconv-lite
 * (`infra/bundle-sizes.ts` prints the numbers, ≈ 510–570 KB). This catches a bundle that swallows something it must
 * not: a dev-only library such as exceljs, aws-cdk-lib, a dev tool.
 */
const SIZE_GUARD_BYTES = 1024 * 1024;

const realHandlersPresent = HANDLER_GROUPS.every((group) => existsSync(join(DEFAULT_HANDLERS_DIR, `${group}.ts`)));

// Bundling is the slow part (one esbuild run per group), so it happens once: on the real handlers when they
// exist, otherwise on the fixtures, which still proves the toolchain (local esbuild, no Docker, ESM output).
describe(`bundling ${realHandlersPresent ? 'functions/handlers' : 'the fixture handlers'} with the local esbuild`, () => {
  let sizes: BundleSize[] = [];
  beforeAll(() => {
    sizes = bundleHandlers(realHandlersPresent ? DEFAULT_HANDLERS_DIR : FIXTURE_HANDLERS);
  });
  afterAll(() => {
    if (sizes[0]) rmSync(dirname(dirname(sizes[0].file)), { recursive: true, force: true });
  });

  it('emits one minified ESM file per handler group, with the require shim and an external source map', () => {
    expect(sizes.map((s) => s.group).sort()).toEqual([...HANDLER_GROUPS].sort());
    for (const { group, file } of sizes) {
      const js = readFileSync(file, 'utf8');
      expect(js, group).toMatch(/^import \{ createRequire as __skillfundCreateRequire \} from 'node:module';/);
      expect(js, group).toMatch(/export\s*\{[^}]*\bas handler\b[^}]*\}/);
      expect(js, group).toContain('//# sourceMappingURL=index.mjs.map');
      expect(js, group).not.toMatch(/\bconst handler\b/);
      const map = JSON.parse(readFileSync(`${file}.map`, 'utf8'));
      expect(map.sources.some((source: string) => source.endsWith(`${group}.ts`)), group).toBe(true);
      expect(map.sourcesContent, group).toBeUndefined();
    }
  });

  it.skipIf(!realHandlersPresent)('keeps every real bundle within the size guard, with the AWS SDK inside', () => {
    for (const { group, file, jsBytes } of sizes) {
      expect(jsBytes, `${group}: ${jsBytes} bytes`).toBeLessThanOrEqual(SIZE_GUARD_BYTES);
      // The SDK is bundled on purpose (see LAMBDA_BUNDLING), so the DynamoDB client must be inside.
      expect(readFileSync(file, 'utf8'), group).toContain('DynamoDB');
    }
  });
});

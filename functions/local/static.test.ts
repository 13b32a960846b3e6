import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleFile } from './static';

describe('consoleFile', () => {
  const dist = mkdtempSync(join(tmpdir(), 'skillfund-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<html></html>');
  writeFileSync(join(dist, 'assets', 'app.js'), 'export {}');
  writeFileSync(join(dist, 'secret.txt'), 'no');

  it('serves the index and assets with their types', async () => {
    expect((await consoleFile(dist, '/'))?.type).toContain('text/html');
    expect((await consoleFile(dist, '/index.html'))?.body.toString()).toBe('<html></html>');
    expect((await consoleFile(dist, '/assets/app.js'))?.type).toContain('javascript');
  });

  it('serves nothing outside /, /index.html and /assets, nor above the dist folder', async () => {
    expect(await consoleFile(dist, '/secret.txt')).toBeUndefined();
    expect(await consoleFile(dist, '/assets/../secret.txt')).toBeUndefined();
    expect(await consoleFile(dist, '/assets/..%2f..%2fetc%2fpasswd')).toBeUndefined();
    expect(await consoleFile(dist, '/assets/missing.js')).toBeUndefined();
  });
});

import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The built console (web/dist): `/`, `/index.html` and `/assets/*` only. The console routes with the URL hash,
 * so no console path can shadow an API path.
 */
export async function consoleFile(distDir: string, path: string): Promise<{ body: Buffer; type: string } | undefined> {
  let full: string;
  if (path === '/' || path === '/index.html') full = join(distDir, 'index.html');
  else if (path.startsWith('/assets/')) {
    let relative: string;
    try {
      relative = decodeURIComponent(path.slice('/assets/'.length));
    } catch {
      return undefined;
    }
    const assets = normalize(join(distDir, 'assets'));
    full = normalize(join(assets, relative));
    // Encoded "../" must not climb out of assets/ (not even into dist/ itself).
    if (!full.startsWith(assets + sep)) return undefined;
  } else return undefined;
  const info = await stat(full).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { body: await readFile(full), type: TYPES[extname(full)] ?? 'application/octet-stream' };
}

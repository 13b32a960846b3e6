import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Resolved from this file, not from process.cwd(), so `cdk synth` and vitest agree wherever they are started. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_HANDLERS_DIR = join(REPO_ROOT, 'functions', 'handlers');
export const DEFAULT_CONSOLE_DIST_DIR = join(REPO_ROOT, 'web', 'dist');
export const LOCK_FILE = join(REPO_ROOT, 'package-lock.json');
export const TSCONFIG = join(REPO_ROOT, 'tsconfig.json');

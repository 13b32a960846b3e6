import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './dataset';

/**
 * A commit's tree checked out beside this one, for before/after sessions (`npm run bench -- --against=COMMIT`): the
 * files of the commit (git archive, no worktree registered), sharing this checkout's node_modules. Kept under the
 * OS temp dir by commit id, so a second session reuses it.
 */
export function treeOf(commit: string): { root: string; commit: string } {
  const id = execFileSync('git', ['rev-parse', '--verify', `${commit}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  const root = join(tmpdir(), 'skillfund-bench', 'trees', id.slice(0, 12));
  if (!existsSync(join(root, 'package.json'))) {
    const partial = `${root}.partial-${process.pid}`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    const archive = execFileSync('git', ['archive', '--format=tar', id], { cwd: REPO_ROOT, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', partial], { input: archive });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(partial, 'node_modules'));
    renameSync(partial, root);
  }
  return { root, commit: id.slice(0, 7) };
}

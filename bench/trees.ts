import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './dataset';

/**
 * A commit's tree checked out beside this one, for before/after sessions (`npm run bench -- --against=COMMIT`): the
 * files of the commit (git archive, no worktree registered), sharing this checkout's node_modules. Kept under the
 * OS temp dir by commit id, so a second session reuses it. A reused tree's node_modules link is pointed at this
 * checkout's again: the tree may have been made from another checkout (a worktree since removed), and a dangling link
 * made the earlier tree's CLI fail to start with ERR_MODULE_NOT_FOUND.
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
  linkModules(root);
  return { root, commit: id.slice(0, 7) };
}

function linkModules(root: string): void {
  const link = join(root, 'node_modules');
  const wanted = join(REPO_ROOT, 'node_modules');
  let current: string | undefined;
  try {
    current = readlinkSync(link);
  } catch {
    current = undefined;
  }
  if (current === wanted) return;
  rmSync(link, { force: true });
  symlinkSync(wanted, link);
}

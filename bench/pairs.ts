/**
 * In-process phases of this checkout and of an earlier commit (`--against`), each in a fresh process bundled from its
 * own tree, run alternately round by round so both see the same machine (how the before/after tables of
 * RESULTS.md are made).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './dataset';
import { spread, type Spread } from './e2e';
import { bundleEntry, runChild } from './measure';
import type { Phase, PhaseReport } from './phase';

export interface PhasePair {
  phase: Phase;
  after: PhaseReport[];
  before?: PhaseReport[];
  /** Per round: after median / before median. */
  timeOverBefore?: Spread;
  rssOverBefore?: Spread;
}

export async function benchPhasePairs(plan: [Phase, number][], options: { schools: number; rounds: number; before?: string }, log: (line: string) => void): Promise<PhasePair[]> {
  const after = await bundleEntry('bench/phase.ts');
  const before = options.before ? await bundleEntry('bench/phase.ts', options.before) : undefined;
  const run = (script: string, root: string, phase: Phase, runs: number) =>
    runChild<PhaseReport>(script, [phase, String(options.schools), String(runs)], { root, timeoutMs: 240_000, nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] });
  const pairs: PhasePair[] = [];
  for (const [phase, runs] of plan) {
    log(`  ${phase} at ${options.schools} schools, ${options.rounds} round(s) of ${runs}${before ? ', before and after alternately' : ''}…`);
    // A phase added since the earlier commit is measured on this side only (its row shows no before).
    const paired = before !== undefined && knowsPhase(options.before!, phase);
    const pair: PhasePair = { phase, after: [], ...(paired ? { before: [] } : {}) };
    for (let round = 0; round < options.rounds; round++) {
      const sides: ['after' | 'before', string, string][] = [['after', after, REPO_ROOT], ...(paired ? [['before', before, options.before!] as ['before', string, string]] : [])];
      for (const [side, script, root] of round % 2 ? sides.reverse() : sides) pair[side]!.push(await run(script, root, phase, runs));
    }
    if (pair.before) {
      pair.timeOverBefore = spread(pair.after.map((a, i) => a.medianMs / pair.before![i]!.medianMs));
      pair.rssOverBefore = spread(pair.after.map((a, i) => a.peakRssMb / pair.before![i]!.peakRssMb));
    }
    pairs.push(pair);
  }
  return pairs;
}

/** Whether the tree at `root` has the phase (its bench/phase.ts lists it in PHASES). */
function knowsPhase(root: string, phase: Phase): boolean {
  const phases = /PHASES = \[([^\]]*)\]/.exec(readFileSync(join(root, 'bench/phase.ts'), 'utf8'))?.[1] ?? '';
  return phases.includes(`'${phase}'`);
}

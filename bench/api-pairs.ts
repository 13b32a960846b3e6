/**
 * The API figures of this checkout and of another checkout, alternately round by round, so both see the same machine:
 * `node bin/run-ts.mjs bench/api-pairs.ts --against-root=DIR [--rounds=N] [--million] [--requests=N]`. DIR is a
 * checkout with its node_modules (e.g. `git worktree add /tmp/main-tree main`); each side's server runs from its own
 * tree (bench/api.ts). Prints each round, then min / median / max of each figure and of the per-round ratios.
 */
import { benchApi, type ApiReport } from './api';
import { NATIONAL_SCHOOLS, REPO_ROOT } from './dataset';
import { median } from './measure';

const args = process.argv.slice(2);
const option = (name: string) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const againstRoot = option('against-root');
if (!againstRoot) throw new Error('--against-root=DIR is required');
const rounds = Number(option('rounds') ?? 3);
const requests = Number(option('requests') ?? 100);
const million = args.includes('--million');

const FIGURES: [string, (report: ApiReport) => number | undefined][] = [
  ['national run ms', (r) => r.national.createRunMs],
  ['national run server CPU ms', (r) => r.national.runCpuMs],
  ['server peak RSS after run MB', (r) => r.serverPeakRssMb?.afterRun],
  ['seal national ms', (r) => r.national.sealMs],
  ['seal national server CPU ms', (r) => r.national.sealCpuMs],
  ['server peak RSS after seal MB', (r) => r.serverPeakRssMb?.afterSeal],
  ['statement p50 ms (national)', (r) => r.statements.find((s) => s.run === 'national')?.p50Ms],
  ['statement p99 ms (national)', (r) => r.statements.find((s) => s.run === 'national')?.p99Ms],
  ['seal ~1M lines ms', (r) => r.million?.sealMs],
  ['seal ~1M lines server CPU ms', (r) => r.million?.sealCpuMs],
  ['server peak RSS after ~1M seal MB', (r) => r.serverPeakRssMb?.afterMillionSeal],
];

const sides = { this: [] as ApiReport[], against: [] as ApiReport[] };
for (let round = 0; round < rounds; round++) {
  const order: ('this' | 'against')[] = round % 2 ? ['against', 'this'] : ['this', 'against'];
  for (const side of order) {
    const report = await benchApi(NATIONAL_SCHOOLS, requests, { root: side === 'this' ? REPO_ROOT : againstRoot, million });
    sides[side].push(report);
    console.log(`round ${round + 1} ${side}: ${FIGURES.map(([name, get]) => `${name} ${get(report) ?? '-'}`).join(', ')}`);
  }
}

const spread = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return `${round2(sorted[0]!)} / ${round2(median(sorted))} / ${round2(sorted[sorted.length - 1]!)}`;
};
const round2 = (value: number) => (Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 100) / 100);
console.log(`\nfigure | this (${REPO_ROOT}) | against (${againstRoot}) | ratio this/against per round`);
for (const [name, get] of FIGURES) {
  const mine = sides.this.map(get);
  const theirs = sides.against.map(get);
  if (mine.some((v) => v === undefined) || theirs.some((v) => v === undefined)) continue;
  const ratios = mine.map((v, i) => v! / theirs[i]!);
  console.log(`${name} | ${spread(mine as number[])} | ${spread(theirs as number[])} | ${spread(ratios)}`);
}

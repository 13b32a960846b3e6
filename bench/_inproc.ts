import { bundleEntry, runChild } from './measure';
import type { PhaseReport } from './phase';
const script = await bundleEntry('bench/phase.ts');
const phases = (process.argv[2] ?? 'parse-csv,read-peer').split(',');
const rows: Record<string, number[]> = {};
for (let round = 0; round < Number(process.argv[3] ?? 3); round++) {
  for (const phase of round % 2 ? [...phases].reverse() : phases) {
    const r = await runChild<PhaseReport>(script, [phase, '3000', '5'], { nodeArgs: ['--expose-gc', '--max-old-space-size=8192'] });
    (rows[phase] ??= []).push(r.medianMs);
  }
}
console.log(JSON.stringify(rows));
if (rows['parse-csv'] && rows['read-peer']) console.log('ratios', rows['parse-csv'].map((v, i) => (v / rows['read-peer']![i]!).toFixed(2)).join(' '));

/**
 * What an XLSX upload costs before it is accepted or refused (issue 15, finding 2): each bomb of
 * formats/xlsx-bombs.ts and the national workbook are read in a fresh process (bundled, no TypeScript loader), which
 * reports wall time, CPU time, peak RSS (VmHWM) and the outcome. Interleaved rounds, so a busy machine hits every
 * case alike; min / median / max are printed.
 *
 *   node bin/run-ts.mjs bench/xlsx-bombs.ts [--rounds=3] [--only=giant-cell,national] [--json]
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleEntry, median, peakRssMb, runChild } from './measure';

interface Sample {
  ms: number;
  cpuMs: number;
  peakRssMb: number;
  startRssMb: number;
  outcome: string;
}

const isChild = process.argv.includes('--child');

if (isChild) {
  const file = process.argv[process.argv.indexOf('--child') + 1]!;
  const { readEnrollment } = await import('../formats/enrollment-reader');
  const bytes = readFileSync(file);
  const startRssMb = peakRssMb();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const read = await readEnrollment(bytes, { format: 'xlsx' });
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const problem = read.problems.find((p) => p.row === 0) ?? read.problems[0];
  const outcome = read.lines.length ? `${read.lines.length} lines, ${read.problems.length} problems` : `refused: ${problem?.reason} ${problem?.code} ${JSON.stringify(problem?.params ?? {}).slice(0, 90)}`;
  console.log(JSON.stringify({ ms: Math.round(ms), cpuMs: Math.round((used.user + used.system) / 1000), peakRssMb: peakRssMb(), startRssMb, outcome } satisfies Sample));
} else {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, only: { type: 'string' }, json: { type: 'boolean' } } });
  const { XLSX_BOMBS } = await import('../formats/xlsx-bombs');
  const { datasetFile, NATIONAL_SCHOOLS } = await import('./dataset');
  const dir = join(tmpdir(), 'skillfund-bench', 'bombs');
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = {};
  for (const [name, make] of Object.entries(XLSX_BOMBS)) {
    const file = join(dir, `${name}.xlsx`);
    if (!existsSync(file)) writeFileSync(file, await make());
    files[name] = file;
  }
  files.national = await datasetFile(NATIONAL_SCHOOLS, 'xlsx');
  const names = Object.keys(files).filter((name) => !values.only || values.only.split(',').includes(name));
  const script = await bundleEntry('bench/xlsx-bombs.ts');
  const samples = new Map<string, Sample[]>(names.map((name) => [name, []]));
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const name of names) {
      const sample = await runChild<Sample>(script, ['--child', files[name]!], { timeoutMs: 600_000, nodeArgs: [] }).catch(
        (error: Error) => ({ ms: NaN, cpuMs: NaN, peakRssMb: NaN, startRssMb: NaN, outcome: `crashed: ${error.message.split('\n').slice(-1)[0]}` }),
      );
      samples.get(name)!.push(sample);
    }
  }
  const rows = names.map((name) => {
    const list = samples.get(name)!;
    const stat = (pick: (s: Sample) => number) => {
      const all = list.map(pick);
      return { min: Math.min(...all), median: median(all), max: Math.max(...all) };
    };
    return { name, fileKb: Math.round(readFileSync(files[name]!).length / 1024), ms: stat((s) => s.ms), cpuMs: stat((s) => s.cpuMs), peakRssMb: stat((s) => s.peakRssMb), startRssMb: median(list.map((s) => s.startRssMb)), outcome: list[0]!.outcome };
  });
  if (values.json) console.log(JSON.stringify(rows));
  else {
    console.log('| file | KB | ms min / median / max | CPU ms (median) | peak RSS MB min / median / max (start) | outcome |');
    console.log('|---|---:|---:|---:|---:|---|');
    for (const row of rows) {
      console.log(`| ${row.name} | ${row.fileKb} | ${row.ms.min} / ${row.ms.median} / ${row.ms.max} | ${row.cpuMs.median} | ${row.peakRssMb.min} / ${row.peakRssMb.median} / ${row.peakRssMb.max} (${row.startRssMb}) | ${row.outcome} |`);
    }
  }
}

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allocate } from '../domain/allocate';
import { POLICY_FLAGS } from '../domain/ruleset';
import { readEnrollment } from './enrollment-reader';
import { enrollmentToCsv, enrollmentToXlsx, generateEnrollment } from './synthetic';
import { dataPath, loadSampleRuleSet } from './test-fixtures';

const base = loadSampleRuleSet();
const candidate = loadSampleRuleSet('rules-hlj-2026-candidate.json');
const read = (name: string) => readEnrollment(readFileSync(dataPath(name)), { fileName: name });

describe('sample rule sets', () => {
  it('use every policy flag, every class band, rate and amount uplifts, a cap and public-only eligibility', () => {
    const flags = new Set(base.majors.flatMap((m) => m.flags ?? []));
    for (const flag of POLICY_FLAGS) expect(flags.has(flag)).toBe(true);
    expect(base.classBands.map((b) => b.classType).sort()).toEqual(['intermediate', 'preparatory_technician', 'senior', 'technician']);
    expect(base.classBands.some((b) => b.perStudentByTier)).toBe(true);
    expect(base.categories.some((c) => c.perStudent)).toBe(true);
    expect(base.uplifts.some((u) => u.rate) && base.uplifts.some((u) => u.amountPerStudent)).toBe(true);
    expect(base.upliftPolicy.cap).toBeDefined();
    expect(base.eligibility?.ownership).toEqual(['public']);
    for (const clause of [...base.tiers, ...base.categories, ...base.classBands, ...base.uplifts]) expect(clause.source).toMatch(/示意/);
    expect(base.name).toMatch(/非官方/);
  });

  it('the candidate differs in a tier, a rate and a new uplift', () => {
    expect(candidate.categories.find((c) => c.code === '03')!.tier).not.toBe(base.categories.find((c) => c.code === '03')!.tier);
    expect(candidate.uplifts.find((u) => u.id === 'scarce')!.rate).not.toBe(base.uplifts.find((u) => u.id === 'scarce')!.rate);
    expect(candidate.uplifts.length).toBe(base.uplifts.length + 1);
  });
});

describe('sample enrolment', () => {
  it('the GBK CSV and the XLSX hold the same lines and allocate without problems under both rule sets', async () => {
    const csv = await read('enrollment-hlj-2026.csv');
    const xlsx = await read('enrollment-hlj-2026.xlsx');
    expect(csv.problems).toEqual([]);
    expect(xlsx.problems).toEqual([]);
    expect(xlsx.lines).toEqual(csv.lines);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(dataPath('enrollment-hlj-2026.csv')))).toThrow();
    for (const ruleSet of [base, candidate]) {
      const outcome = allocate({ ruleSet, lines: csv.lines });
      expect(outcome.ok && outcome.result.excluded).toEqual([]);
      if (outcome.ok) expect(outcome.result.summary.counts.schools).toBe(150);
    }
  });

  it('is exactly what the generator makes from seed 2026', async () => {
    const lines = generateEnrollment({ schools: 150, seed: 2026, ruleSet: base });
    expect(Buffer.from(enrollmentToCsv(lines, { encoding: 'gbk' })).equals(readFileSync(dataPath('enrollment-hlj-2026.csv')))).toBe(true);
    expect(Buffer.from(await enrollmentToXlsx(lines)).equals(readFileSync(dataPath('enrollment-hlj-2026.xlsx')))).toBe(true);
  });
});

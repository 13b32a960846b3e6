import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEnrollment } from './enrollment-reader';
import { enrollment2025 } from './plan-sample';
import { dataPath, loadSampleRuleSet } from './test-fixtures';

describe('plan sample data (data/plan-hlj-2025-2027.json)', () => {
  it('derives the 2025 enrolment from the 2026 sample, byte for byte', async () => {
    const lines2026 = (await readEnrollment(readFileSync(dataPath('enrollment-hlj-2026.csv')), { fileName: 'e.csv' })).lines;
    expect(Buffer.from(enrollment2025(lines2026, loadSampleRuleSet())).equals(readFileSync(dataPath('enrollment-hlj-2025.csv')))).toBe(true);
  });

  it('has a rule set per year; 2026 is the published sample plus protection, 2027 the candidate’s changes plus protection', () => {
    const [r2025, r2026, r2027] = ['rules-hlj-2025.json', 'rules-hlj-2026-protected.json', 'rules-hlj-2027.json'].map((name) => loadSampleRuleSet(name));
    expect([r2025!.fiscalYear, r2026!.fiscalYear, r2027!.fiscalYear]).toEqual([2025, 2026, 2027]);
    expect(r2025!.protection).toBeUndefined();
    const { protection, name: _n, ...rest2026 } = r2026!;
    const { name: _m, ...published } = loadSampleRuleSet();
    expect(rest2026).toEqual(published);
    expect(protection).toMatchObject({ basis: 'perStudent', floor: '-0.03', gainCap: '0.08' });
    expect(protection!.source).toMatch(/示意/);
    expect(r2027!.protection).toEqual(protection);
  });
});

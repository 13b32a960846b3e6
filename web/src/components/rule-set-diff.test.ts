import { describe, expect, it } from 'vitest';
import { diffRuleSets } from '../../../domain/diff';
import { specRuleSet } from '../../../domain/test-fixtures';
import { diffRows } from './RuleSetDiffView';

describe('the version diff in words', () => {
  it('names fields and shows values as a person reads them, never JSON or raw field names', () => {
    const base = specRuleSet();
    const candidate = specRuleSet();
    candidate.tiers[0]!.perStudent = '6500';
    candidate.uplifts.push({ id: 'employment', name: '就业前景好', match: { flags: ['employment'] }, rate: '0.05' });
    candidate.upliftPolicy = { ...candidate.upliftPolicy, cap: '0.25' };
    const label = (section: string) => section;
    const rows = diffRows(diffRuleSets(base, candidate), label, 'zh');
    const text = rows.map((row) => `${row.item} | ${row.detail}`).join('\n');
    expect(text).toContain('T1 · 生均标准 | 6000 → 6500');
    expect(text).toContain('employment 就业前景好 | 适用于：适用标识：就业前景好；上浮比例：5%');
    expect(text).toMatch(/上浮上限 \| .*→ 25%/);
    expect(text).not.toMatch(/[{}"]|perStudent|match|rate/);
  });
});

import { describe, expect, it } from 'vitest';
import { countChanges, diffRuleSets } from './diff';
import { uplift, whatIfRules } from './what-if-fixtures';

describe('diffRuleSets', () => {
  it('finds nothing between a rule set and itself', () => {
    const diff = diffRuleSets(whatIfRules(), whatIfRules());
    expect(diff.identical).toBe(true);
    expect(countChanges(diff)).toBe(0);
    expect(diff.topLevel).toEqual([]);
    for (const name of ['tiers', 'categories', 'majors', 'classBands', 'uplifts'] as const) {
      expect(diff[name]).toEqual({ added: [], removed: [], changed: [] });
    }
  });

  it('lists added, removed and changed items by key, and top-level changes by path', () => {
    const base = whatIfRules();
    const candidate = whatIfRules((r) => {
      r.name = '征求意见稿';
      r.tiers.push({ code: 'T3', name: '三档', perStudent: '9000' });
      r.tiers[0].perStudent = '6200';
      delete r.categories[1].perStudent;
      r.categories[2].tier = 'T3';
      r.majors = r.majors.filter((m: { code: string }) => m.code !== '0102');
      r.majors[0].flags = ['scarce', 'integration'];
      r.classBands[1].factor = '1.4';
      r.classBands[2].perStudentByTier = { T1: '9500', T2: '12000' };
      uplift(r, 'scarce').rate = '0.15';
      r.uplifts = r.uplifts.filter((u: { id: string }) => u.id !== 'hardship');
      r.uplifts.unshift({ id: 'employment', name: '就业前景好', match: { flags: ['employment'] }, amountPerStudent: '200' });
      r.upliftPolicy.cap = '0.25';
      delete r.eligibility;
    });
    const diff = diffRuleSets(base, candidate);

    expect(diff.identical).toBe(false);
    expect(diff.topLevel).toEqual([
      { path: 'eligibility', before: { ownership: ['public'] }, after: null },
      { path: 'name', before: '黑龙江省技工院校差异化生均拨款标准', after: '征求意见稿' },
      { path: 'upliftPolicy.cap', before: '0.3', after: '0.25' },
    ]);
    expect(diff.tiers).toEqual({
      added: [{ code: 'T3', name: '三档', perStudent: '9000' }],
      removed: [],
      changed: [{ key: 'T1', fields: [{ path: 'perStudent', before: '6000', after: '6200' }] }],
    });
    expect(diff.categories.changed).toEqual([
      { key: '05', fields: [{ path: 'perStudent', before: '6500', after: null }] },
      { key: '07', fields: [{ path: 'tier', before: 'T1', after: 'T3' }] },
    ]);
    expect(diff.majors.removed.map((m) => m.code)).toEqual(['0102']);
    expect(diff.majors.changed).toEqual([{ key: '0101', fields: [{ path: 'flags', before: ['scarce'], after: ['scarce', 'integration'] }] }]);
    expect(diff.classBands.changed).toEqual([
      { key: 'preparatory_technician', fields: [{ path: 'perStudentByTier.T2', before: null, after: '12000' }] },
      { key: 'senior', fields: [{ path: 'factor', before: '1.3', after: '1.4' }] },
    ]);
    expect(diff.uplifts.added.map((u) => u.id)).toEqual(['employment']);
    expect(diff.uplifts.removed.map((u) => u.id)).toEqual(['hardship']);
    expect(diff.uplifts.changed).toEqual([{ key: 'scarce', fields: [{ path: 'rate', before: '0.1', after: '0.15' }] }]);
    expect(countChanges(diff)).toBe(3 + 1 + 1 + 2 + 2 + 2 + 3);
  });

  it('ignores reordering of items and of set-like lists, but not of codes that differ only as numbers', () => {
    const base = whatIfRules();
    const reordered = whatIfRules((r) => {
      r.tiers.reverse();
      r.uplifts.reverse();
      r.majors[3].flags = ['integration', 'scarce'];
    });
    expect(diffRuleSets(base, reordered).identical).toBe(true);

    const recoded = whatIfRules((r) => {
      r.categories[0].code = '1';
      r.majors[0].category = '1';
      r.majors[1].category = '1';
    });
    const diff = diffRuleSets(base, recoded);
    expect(diff.categories.added.map((c) => c.code)).toEqual(['1']);
    expect(diff.categories.removed.map((c) => c.code)).toEqual(['01']);
    expect(diff.majors.changed.map((m) => [m.key, m.fields[0]!.after])).toEqual([
      ['0101', '1'],
      ['0102', '1'],
    ]);
  });

  it('treats rates equal in value as unchanged', () => {
    const base = whatIfRules();
    const candidate = { ...base, uplifts: base.uplifts.map((u) => (u.id === 'scarce' ? { ...u, rate: '0.100' } : u)) };
    expect(diffRuleSets(base, candidate).identical).toBe(true);
  });
});

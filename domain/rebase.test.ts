import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rebaseDraft } from './rebase';

const base = {
  schema: 'skillfund/ruleset@1',
  id: 'hlj',
  name: '标准',
  fiscalYear: 2026,
  tiers: [
    { code: 'T1', name: '一档', perStudent: '6000' },
    { code: 'T2', name: '二档', perStudent: '7500' },
  ],
  majors: [{ code: '0101', name: '数控加工', category: '01', flags: ['scarce'] }],
  upliftPolicy: { combine: 'sum', cap: '0.30' },
};
const copy = <T>(value: T): T => structuredClone(value);

describe('rebasing a draft onto the latest version', () => {
  it('keeps both sides when they changed different fields', () => {
    const ours = copy(base);
    ours.tiers[0]!.perStudent = '6200';
    ours.majors[0]!.flags.push('integration');
    const theirs = copy(base);
    theirs.tiers[1]!.perStudent = '7800';
    theirs.upliftPolicy.cap = '0.25';
    theirs.majors[0]!.flags = ['scarce', 'hardship'];
    const { merged, conflicts } = rebaseDraft(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toMatchObject({
      tiers: [{ code: 'T1', perStudent: '6200' }, { code: 'T2', perStudent: '7800' }],
      upliftPolicy: { cap: '0.25' },
      majors: [{ flags: ['scarce', 'hardship', 'integration'] }],
    });
  });

  it('reports a field both changed differently, and applies the side the editor chose', () => {
    const ours = copy(base);
    ours.tiers[1]!.perStudent = '8000';
    const theirs = copy(base);
    theirs.tiers[1]!.perStudent = '7800';
    const first = rebaseDraft(base, ours, theirs);
    expect(first.conflicts).toEqual([{ collection: 'tiers', key: 'T2', field: 'perStudent', path: 'tiers[T2].perStudent', base: '7500', ours: '8000', theirs: '7800' }]);
    expect(first.unresolved).toEqual(['tiers[T2].perStudent']);
    const chosen = rebaseDraft(base, ours, theirs, { 'tiers[T2].perStudent': 'theirs' });
    expect(chosen.unresolved).toEqual([]);
    expect((chosen.merged.tiers as { perStudent: string }[])[1]!.perStudent).toBe('7800');
  });

  it('sees "0.10" and "0.1" as the same change, not a conflict', () => {
    const ours = copy(base);
    ours.upliftPolicy.cap = '0.2';
    const theirs = copy(base);
    theirs.upliftPolicy.cap = '0.20';
    expect(rebaseDraft(base, ours, theirs).conflicts).toEqual([]);
  });

  it('adds items either side added, drops items the draft removed, and asks when one side removed what the other changed', () => {
    const ours = copy(base);
    ours.tiers.push({ code: 'T3', name: '三档', perStudent: '9000' });
    ours.majors = [];
    const theirs = copy(base);
    theirs.tiers.push({ code: 'T4', name: '四档', perStudent: '11000' });
    theirs.majors[0]!.name = '数控加工技术';
    const { merged, conflicts } = rebaseDraft(base, ours, theirs);
    expect((merged.tiers as { code: string }[]).map((t) => t.code)).toEqual(['T1', 'T2', 'T4', 'T3']);
    expect(conflicts.map((c) => c.path)).toEqual(['majors[0101]']);
    expect(conflicts[0]!.ours).toBeNull();
    const kept = rebaseDraft(base, ours, theirs, { 'majors[0101]': 'theirs' });
    expect(kept.merged.majors).toEqual([{ code: '0101', name: '数控加工技术', category: '01', flags: ['scarce'] }]);
  });

  it('takes the fiscal year and everything else the draft did not touch from the latest version', () => {
    const ours = copy(base);
    ours.name = '新标准';
    const theirs = { ...copy(base), fiscalYear: 2027, source: '新文件' };
    const { merged, conflicts } = rebaseDraft(base, ours, theirs);
    expect(conflicts).toEqual([]);
    expect(merged).toMatchObject({ name: '新标准', fiscalYear: 2027, source: '新文件' });
  });
});

describe('rebase properties', () => {
  const edit = fc.record({
    tier: fc.constantFrom(0, 1),
    perStudent: fc.integer({ min: 0, max: 20000 }).map(String),
    cap: fc.option(fc.constantFrom('0.2', '0.3', '0.35'), { nil: undefined }),
    addTier: fc.boolean(),
    flags: fc.subarray(['scarce', 'integration', 'hardship']),
  });
  const apply = (e: { tier: number; perStudent: string; cap: string | undefined; addTier: boolean; flags: string[] }, tag: string) => {
    const out = copy(base);
    out.tiers[e.tier]!.perStudent = e.perStudent;
    if (e.cap !== undefined) out.upliftPolicy.cap = e.cap;
    if (e.addTier) out.tiers.push({ code: `N${tag}`, name: tag, perStudent: '1' });
    out.majors[0]!.flags = e.flags;
    return out;
  };

  it('a side that changed nothing takes the other whole, and merging a draft with itself is the draft', () => {
    fc.assert(
      fc.property(edit, (e) => {
        const changed = apply(e, 'x');
        expect(rebaseDraft(base, changed, base)).toEqual({ merged: changed, conflicts: [], unresolved: [] });
        expect(rebaseDraft(base, base, changed).merged).toEqual(changed);
        expect(rebaseDraft(base, changed, changed).merged).toEqual(changed);
      }),
    );
  });

  it('every field either comes through unchanged or is reported, never silently lost', () => {
    fc.assert(
      fc.property(edit, edit, (a, b) => {
        const ours = apply(a, 'o');
        const theirs = apply(b, 't');
        const { merged, conflicts } = rebaseDraft(base, ours, theirs);
        const tiers = merged.tiers as { code: string; perStudent: string }[];
        for (const i of [0, 1]) {
          const [o, t, m] = [ours.tiers[i]!.perStudent, theirs.tiers[i]!.perStudent, tiers[i]!.perStudent];
          const was = base.tiers[i]!.perStudent;
          if (o !== was && t !== was && o !== t) expect(conflicts.map((c) => c.path)).toContain(`tiers[${base.tiers[i]!.code}].perStudent`);
          else expect(m).toBe(o !== was ? o : t);
        }
        expect(tiers.some((t) => t.code === 'No')).toBe(a.addTier);
        expect(tiers.some((t) => t.code === 'Nt')).toBe(b.addTier);
      }),
    );
  });
});

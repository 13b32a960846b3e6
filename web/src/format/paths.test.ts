import { describe, expect, it } from 'vitest';
import { fieldForProblem, parseJsonPath, pathKey, placeProblems } from './paths';

describe('JSON paths of problems', () => {
  it('parses the paths the rule-set validator writes', () => {
    expect(parseJsonPath('tiers[1].perStudent')).toEqual(['tiers', 1, 'perStudent']);
    expect(parseJsonPath('classBands[2].perStudentByTier["T 2"]')).toEqual(['classBands', 2, 'perStudentByTier', 'T 2']);
    expect(parseJsonPath('upliftPolicy.cap')).toEqual(['upliftPolicy', 'cap']);
    expect(parseJsonPath('(root)')).toEqual([]);
    expect(parseJsonPath('row 7')).toBeNull();
    expect(parseJsonPath('tiers[x]')).toBeNull();
  });

  it('places a problem on the deepest form field that edits it', () => {
    const fields = new Set([
      pathKey(['tiers', 1, 'perStudent']),
      pathKey(['classBands', 2, 'perStudentByTier']),
      pathKey(['uplifts', 0]),
      pathKey(['uplifts', 0, 'rate']),
    ]);
    expect(fieldForProblem('tiers[1].perStudent', fields)).toEqual(['tiers', 1, 'perStudent']);
    expect(fieldForProblem('classBands[2].perStudentByTier.T9', fields)).toEqual(['classBands', 2, 'perStudentByTier']);
    expect(fieldForProblem('uplifts[0].rate', fields)).toEqual(['uplifts', 0, 'rate']);
    expect(fieldForProblem('uplifts[0]', fields)).toEqual(['uplifts', 0]);
    expect(fieldForProblem('majors[3].category', fields)).toBeNull();
  });

  it('keeps problems no field edits for the list above the form', () => {
    const fields = new Set([pathKey(['tiers', 0, 'perStudent'])]);
    const { byField, unplaced } = placeProblems(
      [
        { path: 'tiers[0].perStudent', message: 'must be ≥ 0' },
        { path: 'tiers[0].perStudent', message: 'again' },
        { path: 'name', message: 'x' },
      ],
      fields,
    );
    expect(byField.get(pathKey(['tiers', 0, 'perStudent']))?.map((p) => p.message)).toEqual(['must be ≥ 0', 'again']);
    expect(unplaced.map((p) => p.path)).toEqual(['name']);
  });
});

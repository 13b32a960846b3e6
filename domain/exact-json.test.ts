import { describe, expect, it } from 'vitest';
import { inexactNumberProblems, inexactNumbers } from './exact-json';

describe('numbers JSON cannot carry exactly', () => {
  it('finds each with its path, and lets every number of at most 15 significant digits through', () => {
    const text = JSON.stringify({ tiers: [{ perStudent: 1 }, { perStudent: 2 }], ok: [0.1, -7500.25, 1e21, 123456789012345] }).replace('"perStudent":2', '"perStudent":6000.0000000000001');
    expect(inexactNumbers(text)).toEqual([{ path: 'tiers[1].perStudent', literal: '6000.0000000000001' }]);
  });

  it('refuses long integers, huge exponents and a million digits; keeps long literals whose value survives', () => {
    const text = `{"budget": 12345678901234567890, "a": [1e400, ${'9'.repeat(1_000_000)}, 1e-400, 0.0e-500], "b": 1.50000000000000000000, "c": 100000000000000000000, "d b": {"e": -0.10000000000000000555}}`;
    expect(inexactNumbers(text).map((n) => n.path)).toEqual(['budget', 'a[0]', 'a[1]', 'a[2]', '["d b"].e']);
  });

  it('is not fooled by digits inside strings or keys', () => {
    expect(inexactNumbers('{"6000.0000000000001": "12345678901234567890", "x\\"1": [ {}, [], 3 ]}')).toEqual([]);
  });

  it('says what to do, under the given path prefix', () => {
    const [problem] = inexactNumberProblems('{"envelope": {"budget": 90000000.000000001}}', 'body');
    expect(problem).toMatchObject({ path: 'body.envelope.budget', code: 'inexact_number', params: { literal: '90000000.000000001' } });
    expect(problem).toMatchObject({ code: 'inexact_number' });
  });
});

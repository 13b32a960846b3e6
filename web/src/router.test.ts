import { describe, expect, it } from 'vitest';
import { hashQuery, hrefOf, matchRoute, splitHash } from './router';

describe('hash routes', () => {
  it('splits and decodes the hash', () => {
    expect(splitHash('#/finance/runs/r%2F1?x=1')).toEqual(['finance', 'runs', 'r/1']);
    expect(splitHash('')).toEqual([]);
  });

  it('matches patterns with parameters', () => {
    expect(matchRoute('finance/runs/:runId', ['finance', 'runs', 'r1'])).toEqual({ runId: 'r1' });
    expect(matchRoute('finance/runs/:runId', ['finance', 'runs'])).toBeNull();
    expect(matchRoute('finance/runs', ['school', 'runs'])).toBeNull();
  });

  it('round-trips ids with slashes and Chinese through hrefOf', () => {
    expect(splitHash(hrefOf('school', 'runs', 'a/b', '学校'))).toEqual(['school', 'runs', 'a/b', '学校']);
  });

  it('reads what a link carries after the page', () => {
    expect(hashQuery('#/finance/runs/r1/schools/s1?against=run-0%2F1').get('against')).toBe('run-0/1');
    expect(hashQuery('#/finance/runs/r1').get('against')).toBeNull();
  });
});

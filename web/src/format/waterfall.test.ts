import { describe, expect, it } from 'vitest';
import { wanLabel, waterfallAxisMin, waterfallBars, waterfallSeries } from './waterfall';

const at = (label: string, amount: string) => ({ label, amount });

describe('waterfall', () => {
  it('floats each effect from the running total and ends on the new total, exactly', () => {
    const bars = waterfallBars(at('上次', '1000.10'), [at('a', '200.05'), at('b', '-50'), at('c', '0')], at('本次', '1150.15'));
    expect(bars.map((b) => [b.kind, b.from, b.to])).toEqual([
      ['total', '0', '1000.10'],
      ['up', '1000.1', '1200.15'],
      ['down', '1200.15', '1150.15'],
      ['zero', '1150.15', '1150.15'],
      ['total', '0', '1150.15'],
    ]);
  });

  it('refuses effects that do not add up to the change, rather than draw a gap', () => {
    expect(() => waterfallBars(at('上次', '100'), [at('a', '10')], at('本次', '110.01'))).toThrow(/110\.01/);
  });

  it('draws a bar below the axis from its upper end, and one that crosses zero as its two halves', () => {
    const bars = waterfallBars(at('上次', '10'), [at('a', '-30'), at('b', '-5'), at('c', '30')], at('本次', '5'));
    const series = waterfallSeries(bars, Number);
    expect(series.base).toEqual([0, 0, -20, 0, 0]);
    expect(series.above).toEqual([10, 10, 0, 5, 5]);
    expect(series.below).toEqual([0, -20, -5, -25, 0]);
  });

  it('labels bars in 万元 from the exact amount', () => {
    expect(wanLabel('1155000', true)).toBe('+115.50');
    expect(wanLabel('-105192.95', true)).toBe('-10.52');
    expect(wanLabel('1950000000.00', false)).toBe('195,000.00');
    expect(wanLabel('-0.4', true)).toBe('0.00');
  });

  it('starts the axis a round step below the lowest running total when the effects are small beside the totals', () => {
    const small = waterfallBars(at('上次', '35987152.61'), [at('a', '974400'), at('b', '-1847545.76'), at('c', '2063389.99')], at('本次', '37177396.84'));
    expect(waterfallAxisMin(small, (v) => Number(v) / 10_000)).toBe(3300);
    const large = waterfallBars(at('上次', '100'), [at('a', '300')], at('本次', '400'));
    expect(waterfallAxisMin(large, Number)).toBeUndefined();
    const crossing = waterfallBars(at('上次', '10'), [at('a', '-30'), at('b', '25')], at('本次', '5'));
    expect(waterfallAxisMin(crossing, Number)).toBeUndefined();
  });
});

import { Decimal } from '../../../domain/decimal';
import { formatAmount } from './money';

/** One bar of a waterfall: the totals stand on the axis, each effect floats from the running total before it. */
export interface WaterfallBar {
  label: string;
  kind: 'total' | 'up' | 'down' | 'zero';
  /** The bar's own amount (a total, or the effect), exact. */
  amount: string;
  /** Where the bar starts and ends, exact: a total from 0, an effect from the running total before it. */
  from: string;
  to: string;
}

/**
 * The bars from `start` through each effect to `end`, checking that they meet: the effects must add up to
 * end − start exactly, or the chart would draw a gap that is not there (the caller shows the error instead).
 */
export function waterfallBars(start: { label: string; amount: string }, effects: readonly { label: string; amount: string }[], end: { label: string; amount: string }): WaterfallBar[] {
  const bars: WaterfallBar[] = [{ label: start.label, kind: 'total', amount: start.amount, from: '0', to: start.amount }];
  let running = new Decimal(start.amount);
  for (const effect of effects) {
    const next = running.plus(effect.amount);
    const sign = new Decimal(effect.amount).comparedTo(0);
    bars.push({ label: effect.label, kind: sign > 0 ? 'up' : sign < 0 ? 'down' : 'zero', amount: effect.amount, from: running.toFixed(), to: next.toFixed() });
    running = next;
  }
  if (!running.equals(end.amount)) throw new Error(`the effects add up to ${running.toFixed()}, not ${end.amount}`);
  bars.push({ label: end.label, kind: 'total', amount: end.amount, from: '0', to: end.amount });
  return bars;
}

/**
 * The three stacked series ECharts draws a waterfall with (numbers for drawing only; every figure shown as text comes
 * from the exact amounts): an invisible base up to the bar's near end, and the visible bar above or below the axis.
 * ECharts stacks positive and negative values apart, so a bar crossing zero is its two halves on either side.
 */
export function waterfallSeries(bars: readonly WaterfallBar[], scale: (amount: string) => number): { base: number[]; above: number[]; below: number[] } {
  const base: number[] = [];
  const above: number[] = [];
  const below: number[] = [];
  for (const bar of bars) {
    const [low, high] = [scale(bar.from), scale(bar.to)].sort((a, b) => a - b) as [number, number];
    if (low >= 0) base.push(low), above.push(high - low), below.push(0);
    else if (high <= 0) base.push(high), above.push(0), below.push(low - high);
    else base.push(0), above.push(high), below.push(low);
  }
  return { base, above, below };
}

/**
 * Where the value axis starts. Effects are a few percent of the totals, so on an axis from 0 they would be slivers:
 * when every running total is positive and they move within less than half of the largest, the axis starts a
 * round step below the lowest (the totals' bars are then cut, their exact figures written beside the chart).
 */
export function waterfallAxisMin(bars: readonly WaterfallBar[], scale: (amount: string) => number): number | undefined {
  const ends = bars.flatMap((bar) => (bar.kind === 'total' ? [scale(bar.to)] : [scale(bar.from), scale(bar.to)]));
  const lowest = Math.min(...ends);
  const highest = Math.max(...ends);
  const spread = highest - lowest;
  if (lowest <= 0 || spread <= 0 || spread >= highest / 2) return undefined;
  const step = 10 ** Math.floor(Math.log10(spread));
  return Math.max(0, Math.floor((lowest - spread) / step) * step);
}

/** A bar's label in 万元 with separators, exactly rounded to two places (from the decimal, not the float drawn). */
export function wanLabel(amount: string, signed: boolean): string {
  const wan = new Decimal(amount).dividedBy(10_000).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const text = wan.isZero() ? '0.00' : formatAmount(wan.toFixed(2));
  return signed && wan.greaterThan(0) ? `+${text}` : text;
}

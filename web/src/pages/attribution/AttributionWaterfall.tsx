import { Alert } from 'antd';
import { useMemo } from 'react';
import { EFFECT_CODES, EFFECTS, type Effects } from '../../../../domain/attribution-types';
import { EChart, type ChartOption } from '../../components/EChart';
import { useText } from '../../components/useText';
import { formatSignedYuan, formatYuan, toChartNumber } from '../../format/money';
import { wanLabel, waterfallAxisMin, waterfallBars, waterfallSeries, type WaterfallBar } from '../../format/waterfall';
import { useI18n } from '../../i18n/i18n';

const COLOURS: Record<WaterfallBar['kind'], string> = { total: '#5b6b7f', up: '#cf1322', down: '#389e0d', zero: '#bfbfbf' };

/**
 * From the earlier allocation to this one, one bar per effect of SPEC §9 in its order (zero effects included, so
 * every chart reads the same). Bars are drawn in 万元; every figure written on or beside them is the exact amount.
 */
export function AttributionWaterfall({ start, effects, end, startLabel, endLabel, testId }: { start: string; effects: Effects; end: string; startLabel: string; endLabel: string; testId: string }) {
  const { lang } = useI18n();
  const text = useText();
  const outcome = useMemo(() => {
    try {
      return { bars: waterfallBars({ label: startLabel, amount: start }, EFFECTS.map((effect) => ({ label: text(EFFECT_CODES[effect]), amount: effects[effect] })), { label: endLabel, amount: end }) };
    } catch (error) {
      return { error: (error as Error).message };
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [start, end, effects, startLabel, endLabel, lang]);

  const option = useMemo<ChartOption | undefined>(() => {
    if (!outcome.bars) return undefined;
    const bars = outcome.bars;
    const unit = lang === 'zh' ? '万元' : '¥10k';
    const inWan = (amount: string) => toChartNumber(amount) / 10_000;
    const series = waterfallSeries(bars, inWan);
    const min = waterfallAxisMin(bars, inWan);
    const exact = bars.map((bar) => (bar.kind === 'total' ? formatYuan(bar.amount, lang) : formatSignedYuan(bar.amount, lang)));
    const visible = (values: number[], top: boolean) => ({
      type: 'bar',
      stack: 'waterfall',
      data: values.map((value, i) => ({ value, itemStyle: { color: COLOURS[bars[i]!.kind] } })),
      label: top
        ? { show: true, position: 'top', formatter: ({ dataIndex }: { dataIndex: number }) => wanLabel(bars[dataIndex]!.amount, bars[dataIndex]!.kind !== 'total') }
        : { show: false },
      barMaxWidth: 56,
    });
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: (items: { dataIndex: number }[]) => `${bars[items[0]!.dataIndex]!.label}<br/>${exact[items[0]!.dataIndex]}` },
      xAxis: { type: 'category', data: bars.map((bar) => bar.label), axisLabel: { interval: 0, width: 84, overflow: 'break', fontSize: 11 } },
      yAxis: { type: 'value', name: unit, ...(min !== undefined ? { min } : {}) },
      series: [{ type: 'bar', stack: 'waterfall', data: series.base, itemStyle: { color: 'transparent' }, emphasis: { disabled: true }, tooltip: { show: false } }, visible(series.above, true), visible(series.below, false)],
    };
  }, [outcome, lang]);

  if (outcome.error) return <Alert type="error" showIcon title={outcome.error} />;
  return (
    <div data-testid={testId}>
      <EChart option={option!} height={340} testId={`${testId}-chart`} />
      {/* The chart's figures as text, for reading, printing and tests: exact amounts, in the chart's order. */}
      <ol className="waterfall-figures" data-testid={`${testId}-figures`}>
        {outcome.bars!.map((bar) => (
          <li key={bar.label} data-kind={bar.kind}>
            <span>{bar.label}</span> <span className="amount">{bar.kind === 'total' ? formatYuan(bar.amount, lang) : formatSignedYuan(bar.amount, lang)}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}

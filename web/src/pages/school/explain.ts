import type { LineResult } from '../../../../domain/result';
import { classTypeLabel } from '../../components/labels';
import { formatRate, formatYuan, sumDecimals } from '../../format/money';
import type { Lang, Translate } from '../../i18n/i18n';

/** The sentence a school reads for one line: which tier, which band, which uplifts built its per-student amount. */
export function explainLine(line: LineResult, t: Translate, lang: Lang): string[] {
  const bandName = line.band || classTypeLabel(line.classType, lang);
  const bandRule = line.bandFrom === 'tier' ? t('bandOwnTier') : t('bandFactor', { factor: line.bandFactor ?? '1' });
  const sentences = [
    t('lineExplain', {
      category: line.categoryName,
      tier: line.tierName || line.tier,
      base: formatYuan(line.baseStandard, lang),
      band: bandName,
      bandRule,
      banded: formatYuan(line.bandedStandard, lang),
    }),
  ];
  for (const uplift of line.uplifts) {
    sentences.push(
      uplift.rate !== undefined
        ? t('upliftRateText', { name: uplift.name, rate: formatRate(uplift.rate) })
        : t('upliftAmountText', { name: uplift.name, amount: formatYuan(uplift.amountPerStudent ?? '0', lang) }),
    );
  }
  if (line.upliftRateUncapped !== undefined) {
    sentences.push(t('upliftCapped', { uncapped: formatRate(line.upliftRateUncapped), rate: formatRate(line.upliftRate) }));
  }
  return sentences;
}

/** Amount per group (category, class type) for the statement's charts; exact sums as decimal strings. */
export function groupAllocations(lines: readonly LineResult[], keyOf: (line: LineResult) => string): { key: string; amount: string }[] {
  const groups = new Map<string, LineResult[]>();
  for (const line of lines) groups.set(keyOf(line), [...(groups.get(keyOf(line)) ?? []), line]);
  return [...groups].map(([key, members]) => ({ key, amount: sumDecimals(members.map((line) => line.allocation)) }));
}

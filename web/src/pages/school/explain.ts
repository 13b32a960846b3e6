import type { LineResult } from '../../../../domain/result';
import { sumDecimals } from '../../format/money';

/** Amount per group (category, class type) for the statement's charts; exact sums as decimal strings. */
export function groupAllocations(lines: readonly LineResult[], keyOf: (line: LineResult) => string): { key: string; amount: string }[] {
  const groups = new Map<string, LineResult[]>();
  for (const line of lines) groups.set(keyOf(line), [...(groups.get(keyOf(line)) ?? []), line]);
  return [...groups].map(([key, members]) => ({ key, amount: sumDecimals(members.map((line) => line.allocation)) }));
}

/** Every citation behind one line's figure: its tier, category, major and band, then each uplift applied. */
export function lineClauses(line: LineResult): string[] {
  const sources = line.sources ?? {};
  const rules = [
    [line.tierName || line.tier, sources.tier],
    [line.categoryName, sources.category],
    [line.majorName, sources.major],
    [line.band, sources.band],
    ...line.uplifts.map((uplift) => [uplift.name, uplift.source] as const),
  ] as const;
  const clauses = rules.filter(([, source]) => source).map(([rule, source]) => `${rule}：${source}`);
  return [...new Set(clauses)];
}

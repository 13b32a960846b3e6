import type { LineResult } from '../../../../domain/result';
import { sumDecimals } from '../../format/money';

/** Amount per group (category, class type) for the statement's charts; exact sums as decimal strings. */
export function groupAllocations(lines: readonly LineResult[], keyOf: (line: LineResult) => string): { key: string; amount: string }[] {
  const groups = new Map<string, LineResult[]>();
  for (const line of lines) groups.set(keyOf(line), [...(groups.get(keyOf(line)) ?? []), line]);
  return [...groups].map(([key, members]) => ({ key, amount: sumDecimals(members.map((line) => line.allocation)) }));
}

export interface RuleCitation {
  rule: string;
  source: string;
}

/** Every citation behind one line's figure: its tier, category, major and band, then each uplift applied. */
export function lineCitations(line: LineResult): RuleCitation[] {
  const sources = line.sources ?? {};
  const rules: [string, string | undefined][] = [
    [line.tierName || line.tier, sources.tier],
    [line.categoryName, sources.category],
    [line.majorName, sources.major],
    [line.band, sources.band],
    ...line.uplifts.map((uplift): [string, string | undefined] => [uplift.name, uplift.source]),
  ];
  const seen = new Set<string>();
  return rules.flatMap(([rule, source]) => {
    if (!source || seen.has(`${rule}|${source}`)) return [];
    seen.add(`${rule}|${source}`);
    return [{ rule, source }];
  });
}

/**
 * Citations read like footnotes: each distinct source text gets one number, in the order of the statement's
 * basis and then of first use, so a line shows "一档 [1]" instead of repeating a paragraph of policy text.
 */
export function footnotes(basis: readonly RuleCitation[], lines: readonly LineResult[]): Map<string, number> {
  const numbers = new Map<string, number>();
  for (const source of [...basis.map((c) => c.source), ...lines.flatMap((line) => lineCitations(line).map((c) => c.source))]) {
    if (!numbers.has(source)) numbers.set(source, numbers.size + 1);
  }
  return numbers;
}

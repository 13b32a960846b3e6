import { Decimal } from './decimal';
import type { MessageParams } from './problems';
import { toPath } from './problems';
import type { RuleSet } from './ruleset';
import { StandardBook } from './standards';

/**
 * Plausibility warnings (SPEC §11): values that are allowed but probably not meant, such as a rate typed as `10`
 * for 10 %. They never block a calculation; publishing a draft that has any must name each warning code it accepts.
 */
export interface Warning {
  path: string;
  code: PlausibilityCode;
  params: MessageParams;
}

export type PlausibilityCode = 'rate_above_100_percent' | 'cap_above_100_percent' | 'per_student_above_100000' | 'standard_below_1000' | 'changed_over_50_percent';

const ONE = new Decimal(1);
const PER_STUDENT_CEILING = new Decimal(100_000);
const STANDARD_FLOOR = new Decimal(1_000);
const LARGE_CHANGE = new Decimal('0.5');

/** Warnings of a valid rule set, and of its changes against `base` (the version a draft was copied from). */
export function plausibilityWarnings(rules: RuleSet, base?: RuleSet): Warning[] {
  const warnings: Warning[] = [];
  const warn = (path: (string | number)[], code: PlausibilityCode, params: MessageParams) => warnings.push({ path: toPath(path), code, params });

  rules.uplifts.forEach((uplift, i) => {
    if (uplift.rate !== undefined && new Decimal(uplift.rate).greaterThan(ONE)) warn(['uplifts', i, 'rate'], 'rate_above_100_percent', rateParams(uplift.rate, uplift.name));
  });
  const cap = rules.upliftPolicy.cap;
  if (cap !== undefined && new Decimal(cap).greaterThan(ONE)) warn(['upliftPolicy', 'cap'], 'cap_above_100_percent', rateParams(cap, ''));

  for (const { path, value, name } of standards(rules)) {
    if (new Decimal(value).lessThan(STANDARD_FLOOR)) warn(path, 'standard_below_1000', { name, amount: value });
  }

  // The highest per-student amount of each major, over the class bands that exist.
  const book = new StandardBook(rules);
  rules.majors.forEach((major, i) => {
    let highest: { amount: Decimal; classType: string } | undefined;
    for (const band of rules.classBands) {
      const amount = book.standardFor(major.code, band.classType).perStudentExact;
      if (!highest || amount.greaterThan(highest.amount)) highest = { amount, classType: band.classType };
    }
    if (highest && highest.amount.greaterThan(PER_STUDENT_CEILING)) {
      warn(['majors', i], 'per_student_above_100000', { name: major.name, majorCode: major.code, classType: highest.classType, amount: highest.amount.toFixed() });
    }
  });

  if (base) {
    const before = new Map(comparable(base).map((entry) => [entry.key, entry.value]));
    for (const entry of comparable(rules)) {
      const old = before.get(entry.key);
      if (old === undefined) continue;
      const from = new Decimal(old);
      if (!from.greaterThan(0)) continue;
      const change = new Decimal(entry.value).minus(from).div(from);
      if (change.abs().greaterThan(LARGE_CHANGE)) {
        warn(entry.path, 'changed_over_50_percent', { name: entry.name, before: from.toFixed(), after: new Decimal(entry.value).toFixed(), change: change.toDecimalPlaces(4).toFixed() });
      }
    }
  }
  return warnings;
}

/** The accepted codes that cover every warning, or the warnings nobody accepted. */
export function unacceptedWarnings(warnings: readonly Warning[], accepted: readonly string[]): Warning[] {
  const codes = new Set(accepted);
  return warnings.filter((warning) => !codes.has(warning.code));
}

/** A rate as typed, and what it would be had the person meant per cent ("10" → "0.1"). */
function rateParams(rate: string, name: string): MessageParams {
  return { name, value: new Decimal(rate).toFixed(), rate: new Decimal(rate).toFixed(), intended: new Decimal(rate).div(100).toFixed() };
}

interface Entry {
  key: string;
  path: (string | number)[];
  value: string;
  name: string;
}

/** Money standards: tier and category per-student amounts and per-tier band standards. */
function standards(rules: RuleSet): Entry[] {
  return [
    ...rules.tiers.map((tier, i) => ({ key: `tier:${tier.code}`, path: ['tiers', i, 'perStudent'], value: tier.perStudent, name: tier.name })),
    ...rules.categories.flatMap((category, i) =>
      category.perStudent !== undefined ? [{ key: `category:${category.code}`, path: ['categories', i, 'perStudent'], value: category.perStudent, name: category.name }] : [],
    ),
    ...rules.classBands.flatMap((band, i) =>
      Object.entries(band.perStudentByTier ?? {}).map(([tier, value]) => ({ key: `band:${band.classType}:${tier}`, path: ['classBands', i, 'perStudentByTier', tier], value, name: `${band.name} ${tier}` })),
    ),
  ];
}

/** Everything whose change against the base version is checked: standards, factors, rates, amounts, the cap. */
function comparable(rules: RuleSet): Entry[] {
  return [
    ...standards(rules),
    ...rules.classBands.flatMap((band, i) => (band.factor !== undefined ? [{ key: `factor:${band.classType}`, path: ['classBands', i, 'factor'], value: band.factor, name: band.name }] : [])),
    ...rules.uplifts.flatMap((uplift, i) => [
      ...(uplift.rate !== undefined ? [{ key: `rate:${uplift.id}`, path: ['uplifts', i, 'rate'], value: uplift.rate, name: uplift.name }] : []),
      ...(uplift.amountPerStudent !== undefined ? [{ key: `amount:${uplift.id}`, path: ['uplifts', i, 'amountPerStudent'], value: uplift.amountPerStudent, name: uplift.name }] : []),
    ]),
    ...(rules.upliftPolicy.cap !== undefined ? [{ key: 'cap', path: ['upliftPolicy', 'cap'], value: rules.upliftPolicy.cap, name: '' }] : []),
  ];
}

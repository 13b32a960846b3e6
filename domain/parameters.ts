import { Decimal } from './decimal';
import type { Problem } from './problems';
import { CLASS_TYPES, type ClassType, type RuleSet } from './ruleset';

/**
 * The parameters `solve` can move (SPEC §8), addressed by path, and how to set one in a rule set. Setting is the
 * only thing done here: what a value does to an allocation is always asked of the engine (standards.ts).
 */
export type ParameterKind = 'money' | 'rate' | 'factor' | 'scale';

export type Parameter =
  | { path: string; kind: 'money'; target: 'tier'; code: string }
  | { path: string; kind: 'money'; target: 'category'; code: string }
  | { path: string; kind: 'factor'; target: 'bandFactor'; classType: ClassType }
  | { path: string; kind: 'money'; target: 'bandTier'; classType: ClassType; tier: string }
  | { path: string; kind: 'rate'; target: 'upliftRate'; id: string }
  | { path: string; kind: 'money'; target: 'upliftAmount'; id: string }
  | { path: 'scale'; kind: 'scale'; target: 'scale' };

/** Grid steps when the caller gives none: money 1 yuan, rates 0.0001, factors and scale 0.0001. */
export const DEFAULT_STEPS: Record<ParameterKind, string> = { money: '1', rate: '0.0001', factor: '0.0001', scale: '0.0001' };

/** SPEC §1: 0 ≤ rate ≤ 10. Other parameters have no upper bound. */
export const MAX_RATE = new Decimal(10);

export const PARAMETER_FORMS = [
  'tiers.<code>.perStudent',
  'categories.<code>.perStudent',
  'classBands.<classType>.factor',
  'classBands.<classType>.perStudentByTier.<tier>',
  'uplifts.<id>.rate',
  'uplifts.<id>.amountPerStudent',
  'scale',
];

export type ParameterReading = { ok: true; parameter: Parameter } | { ok: false; problem: Problem };

/** Reads a parameter path against a rule set: the form must be known and the tier, category, band or uplift must exist. */
export function parseParameter(rules: RuleSet, path: string): ParameterReading {
  const refuse = (code: string, params: Record<string, string | readonly string[]> = {}): ParameterReading => ({ ok: false, problem: { path: 'parameter', code, params: { parameter: path, ...params } } });
  const missing = (what: string, key: string) => refuse('parameter_target_unknown', { what, key });
  const middle = (prefix: string, suffix: string) => (path.startsWith(prefix) && path.endsWith(suffix) && path.length > prefix.length + suffix.length ? path.slice(prefix.length, path.length - suffix.length) : undefined);

  if (path === 'scale') return { ok: true, parameter: { path: 'scale', kind: 'scale', target: 'scale' } };
  let key: string | undefined;
  if ((key = middle('tiers.', '.perStudent')) !== undefined) {
    return rules.tiers.some((t) => t.code === key) ? { ok: true, parameter: { path, kind: 'money', target: 'tier', code: key } } : missing('tier', key);
  }
  if ((key = middle('categories.', '.perStudent')) !== undefined) {
    return rules.categories.some((c) => c.code === key) ? { ok: true, parameter: { path, kind: 'money', target: 'category', code: key } } : missing('category', key);
  }
  if ((key = middle('classBands.', '.factor')) !== undefined) {
    const classType = bandOf(rules, key);
    return classType ? { ok: true, parameter: { path, kind: 'factor', target: 'bandFactor', classType } } : missing('class band', key);
  }
  const byTier = /^classBands\.([^.]+)\.perStudentByTier\.(.+)$/.exec(path);
  if (byTier) {
    const classType = bandOf(rules, byTier[1]!);
    if (!classType) return missing('class band', byTier[1]!);
    if (!rules.tiers.some((t) => t.code === byTier[2])) return missing('tier', byTier[2]!);
    return { ok: true, parameter: { path, kind: 'money', target: 'bandTier', classType, tier: byTier[2]! } };
  }
  for (const [suffix, kind] of [['.rate', 'rate'], ['.amountPerStudent', 'amount']] as const) {
    if ((key = middle('uplifts.', suffix)) === undefined) continue;
    const uplift = rules.uplifts.find((u) => u.id === key);
    if (!uplift) return missing('uplift', key);
    const isRate = uplift.rate !== undefined;
    if (isRate !== (kind === 'rate')) {
      return refuse('parameter_kind_mismatch', { id: key, has: isRate ? 'rate' : 'amountPerStudent' });
    }
    return { ok: true, parameter: kind === 'rate' ? { path, kind: 'rate', target: 'upliftRate', id: key } : { path, kind: 'money', target: 'upliftAmount', id: key } };
  }
  return refuse('unknown_parameter', { forms: PARAMETER_FORMS });
}

function bandOf(rules: RuleSet, key: string): ClassType | undefined {
  return (CLASS_TYPES as readonly string[]).includes(key) && rules.classBands.some((b) => b.classType === key) ? (key as ClassType) : undefined;
}

/** The parameter's value in the rule set; null when it is not set there (a category or band-tier standard not given). */
export function parameterValue(rules: RuleSet, parameter: Parameter): string | null {
  switch (parameter.target) {
    case 'tier':
      return rules.tiers.find((t) => t.code === parameter.code)!.perStudent;
    case 'category':
      return rules.categories.find((c) => c.code === parameter.code)!.perStudent ?? null;
    case 'bandFactor':
      return rules.classBands.find((b) => b.classType === parameter.classType)!.factor ?? '1';
    case 'bandTier':
      return rules.classBands.find((b) => b.classType === parameter.classType)!.perStudentByTier?.[parameter.tier] ?? null;
    case 'upliftRate':
      return rules.uplifts.find((u) => u.id === parameter.id)!.rate!;
    case 'upliftAmount':
      return rules.uplifts.find((u) => u.id === parameter.id)!.amountPerStudent!;
    case 'scale':
      return '1';
  }
}

/** A copy of the rule set with the parameter set to `value` (canonical decimal text); nothing else changes. */
export function withParameter(rules: RuleSet, parameter: Parameter, value: Decimal): RuleSet {
  const text = value.toFixed();
  switch (parameter.target) {
    case 'tier':
      return { ...rules, tiers: rules.tiers.map((t) => (t.code === parameter.code ? { ...t, perStudent: text } : t)) };
    case 'category':
      return { ...rules, categories: rules.categories.map((c) => (c.code === parameter.code ? { ...c, perStudent: text } : c)) };
    case 'bandFactor':
      return { ...rules, classBands: rules.classBands.map((b) => (b.classType === parameter.classType ? { ...b, factor: text } : b)) };
    case 'bandTier':
      return { ...rules, classBands: rules.classBands.map((b) => (b.classType === parameter.classType ? { ...b, perStudentByTier: { ...b.perStudentByTier, [parameter.tier]: text } } : b)) };
    case 'upliftRate':
      return { ...rules, uplifts: rules.uplifts.map((u) => (u.id === parameter.id ? { ...u, rate: text } : u)) };
    case 'upliftAmount':
      return { ...rules, uplifts: rules.uplifts.map((u) => (u.id === parameter.id ? { ...u, amountPerStudent: text } : u)) };
    case 'scale':
      return scaledMoney(rules, value);
  }
}

/** `scale`: every money standard times x (tier and category perStudent, perStudentByTier, amountPerStudent). */
function scaledMoney(rules: RuleSet, x: Decimal): RuleSet {
  const times = (amount: string) => new Decimal(amount).times(x).toFixed();
  return {
    ...rules,
    tiers: rules.tiers.map((t) => ({ ...t, perStudent: times(t.perStudent) })),
    categories: rules.categories.map((c) => (c.perStudent !== undefined ? { ...c, perStudent: times(c.perStudent) } : c)),
    classBands: rules.classBands.map((b) =>
      b.perStudentByTier ? { ...b, perStudentByTier: Object.fromEntries(Object.entries(b.perStudentByTier).map(([tier, amount]) => [tier, times(amount)])) } : b,
    ),
    uplifts: rules.uplifts.map((u) => (u.amountPerStudent !== undefined ? { ...u, amountPerStudent: times(u.amountPerStudent) } : u)),
  };
}

import { Decimal } from '../../../../domain/decimal';
import type { ParameterKind } from '../../../../domain/parameters';
import { perStudent, percent } from '../../../../messages/format';
import { classTypeLabel } from '../../components/labels';
import type { Lang, Translate } from '../../i18n/i18n';

/** One parameter `solve` can move (SPEC §8), as the policymaker picks it: named in words, with its value now. */
export interface ParameterChoice {
  /** The parameter path the API takes, e.g. "tiers.T2.perStudent". */
  path: string;
  kind: ParameterKind;
  group: 'tiers' | 'categories' | 'bands' | 'uplifts' | 'scale';
  label: string;
  /** The value in the rule set, in words ("12,000 元/生", "10%", "1.3 倍"); null when the rule set does not set it. */
  current: string | null;
}

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => (Array.isArray(value) ? value.filter((row): row is Row => !!row && typeof row === 'object') : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/** A parameter's value in words, by its kind. */
export function valueText(kind: ParameterKind, value: string | null | undefined, lang: Lang, t: Translate): string | null {
  if (value === null || value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return value ?? null;
  if (kind === 'money') return perStudent(value, lang);
  if (kind === 'rate') return percent(value);
  return t('solveTimes', { value: new Decimal(value).toFixed() });
}

/**
 * Every parameter of the rule set's own tiers, categories, class bands and uplifts, and `scale`, in the editor's
 * order. The content may be a draft that does not validate yet: what cannot be read is left out, never guessed.
 */
export function parameterChoices(content: unknown, lang: Lang, t: Translate): ParameterChoice[] {
  const rules = (content && typeof content === 'object' ? content : {}) as Row;
  const choices: ParameterChoice[] = [];
  const add = (choice: Omit<ParameterChoice, 'current'>, current: string | undefined) => choices.push({ ...choice, current: valueText(choice.kind, current, lang, t) });
  const tiers = rows(rules.tiers);
  for (const tier of tiers) {
    const code = text(tier.code);
    if (code) add({ path: `tiers.${code}.perStudent`, kind: 'money', group: 'tiers', label: t('paramTier', { code, name: text(tier.name) ?? '' }) }, text(tier.perStudent));
  }
  for (const category of rows(rules.categories)) {
    const code = text(category.code);
    if (!code) continue;
    const own = text(category.perStudent);
    add({ path: `categories.${code}.perStudent`, kind: 'money', group: 'categories', label: t(own ? 'paramCategory' : 'paramCategoryUnset', { code, name: text(category.name) ?? '' }) }, own);
  }
  for (const band of rows(rules.classBands)) {
    const classType = text(band.classType);
    if (!classType) continue;
    const name = classTypeLabel(classType, lang);
    add({ path: `classBands.${classType}.factor`, kind: 'factor', group: 'bands', label: t('paramBandFactor', { name }) }, text(band.factor) ?? '1');
    const byTier = band.perStudentByTier && typeof band.perStudentByTier === 'object' ? (band.perStudentByTier as Row) : {};
    for (const [tier, amount] of Object.entries(byTier)) {
      add({ path: `classBands.${classType}.perStudentByTier.${tier}`, kind: 'money', group: 'bands', label: t('paramBandTier', { name, tier }) }, text(amount));
    }
  }
  for (const uplift of rows(rules.uplifts)) {
    const id = text(uplift.id);
    if (!id) continue;
    const name = text(uplift.name) ?? id;
    if (text(uplift.rate) !== undefined) add({ path: `uplifts.${id}.rate`, kind: 'rate', group: 'uplifts', label: t('paramUpliftRate', { name }) }, text(uplift.rate));
    else if (text(uplift.amountPerStudent) !== undefined) add({ path: `uplifts.${id}.amountPerStudent`, kind: 'money', group: 'uplifts', label: t('paramUpliftAmount', { name }) }, text(uplift.amountPerStudent));
  }
  add({ path: 'scale', kind: 'scale', group: 'scale', label: t('paramScale') }, '1');
  return choices;
}

/** 万元 typed by a person → yuan for the API, exactly: "21.5" → "215000". Null when it is not an amount to the fen. */
export function wanToYuan(wan: string): string | null {
  const trimmed = wan.replace(/[,，\s]/g, '');
  if (!/^\d+(\.\d{1,6})?$/.test(trimmed)) return null;
  return new Decimal(trimmed).times(10_000).toFixed();
}

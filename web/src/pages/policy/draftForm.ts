import { pathKey, type FieldPath } from '../../format/paths';

/**
 * The draft editor's form model and the rule-set JSON it edits. Money stays text; empty optional
 * inputs are left out of the JSON; parts of the rule set the form does not edit pass through as they were.
 */
type Json = Record<string, unknown>;

export const SECTION_COLUMNS = {
  tiers: [['code'], ['name'], ['perStudent'], ['source']],
  categories: [['code'], ['name'], ['tier'], ['perStudent'], ['source']],
  majors: [['code'], ['name'], ['category'], ['flags'], ['source']],
  classBands: [['classType'], ['name'], ['schoolTypes'], ['factor'], ['perStudentByTier'], ['source']],
  uplifts: [['id'], ['name'], ['match', 'flags'], ['match', 'majors'], ['match', 'categories'], ['rate'], ['amountPerStudent'], ['source']],
} as const satisfies Record<string, readonly (readonly string[])[]>;

export type Section = keyof typeof SECTION_COLUMNS;
export const SECTIONS = Object.keys(SECTION_COLUMNS) as Section[];

export interface DraftFormValues {
  tiers: Json[];
  categories: Json[];
  majors: Json[];
  classBands: Json[];
  uplifts: Json[];
  upliftPolicy: { combine: string; cap: string };
}

const OPTIONAL_TEXT = new Set(['perStudent', 'factor', 'rate', 'amountPerStudent', 'source']);

function text(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** perStudentByTier { T2: "12000", T3: "15000" } ⇄ "T2=12000; T3=15000" (one short field per band). */
export function tierStandardsToText(record: unknown): string {
  if (!record || typeof record !== 'object') return '';
  return Object.entries(record as Json)
    .map(([tier, amount]) => `${tier}=${text(amount)}`)
    .join('; ');
}

export function textToTierStandards(input: string): Record<string, string> | undefined {
  const pieces = input.split(/[;；,，\n]+/).map((piece) => piece.trim()).filter(Boolean);
  if (pieces.length === 0) return undefined;
  const record: Record<string, string> = {};
  for (const piece of pieces) {
    const [tier = '', amount = ''] = piece.split(/\s*[=:：]\s*/);
    record[tier.trim()] = amount.trim();
  }
  return record;
}

function toRow(item: unknown): Json {
  const row: Json = { ...(item as Json) };
  for (const key of OPTIONAL_TEXT) if (key in row) row[key] = text(row[key]);
  return row;
}

export function toFormValues(content: unknown): DraftFormValues {
  const rules = (content ?? {}) as Json;
  const list = (key: string) => (Array.isArray(rules[key]) ? (rules[key] as unknown[]) : []);
  const policy = (rules.upliftPolicy ?? {}) as Json;
  return {
    tiers: list('tiers').map(toRow),
    categories: list('categories').map(toRow),
    majors: list('majors').map((m) => ({ ...toRow(m), flags: ((m as Json).flags as string[] | undefined) ?? [] })),
    classBands: list('classBands').map((b) => ({ ...toRow(b), perStudentByTier: tierStandardsToText((b as Json).perStudentByTier) })),
    uplifts: list('uplifts').map((u) => {
      const match = ((u as Json).match ?? {}) as Json;
      return { ...toRow(u), match: { flags: match.flags ?? [], majors: match.majors ?? [], categories: match.categories ?? [] } };
    }),
    upliftPolicy: { combine: text(policy.combine) || 'sum', cap: text(policy.cap) },
  };
}

/** Removes empty optional text and empty lists, which in the rule set mean "not given". */
function cleanRow(row: Json): Json {
  const result: Json = {};
  for (const [key, value] of Object.entries(row)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '' && (OPTIONAL_TEXT.has(key) || key === 'perStudentByTier')) continue;
    if (Array.isArray(value) && value.length === 0 && key !== 'tiers') continue;
    result[key] = typeof value === 'string' && OPTIONAL_TEXT.has(key) && key !== 'source' ? value.trim() : value;
  }
  return result;
}

export function toContent(values: DraftFormValues, original: unknown): Json {
  const base = { ...((original ?? {}) as Json) };
  const policy: Json = { ...((base.upliftPolicy ?? {}) as Json), combine: values.upliftPolicy.combine };
  if (values.upliftPolicy.cap.trim()) policy.cap = values.upliftPolicy.cap.trim();
  else delete policy.cap;
  return {
    ...base,
    tiers: values.tiers.map(cleanRow),
    categories: values.categories.map(cleanRow),
    majors: values.majors.map(cleanRow),
    classBands: values.classBands.map((band) => {
      const standards = textToTierStandards(text(band.perStudentByTier));
      const row = cleanRow({ ...band, perStudentByTier: undefined });
      return standards ? { ...row, perStudentByTier: standards } : row;
    }),
    uplifts: values.uplifts.map((uplift) => {
      const match = cleanRow((uplift.match ?? {}) as Json);
      return { ...cleanRow({ ...uplift, match: undefined }), match };
    }),
    upliftPolicy: policy,
  };
}

/** Every path the editor has a field for, so a problem can be shown next to the right one. */
export function editorFields(values: DraftFormValues): Set<string> {
  const fields = new Set<string>();
  for (const section of SECTIONS) {
    fields.add(pathKey([section]));
    values[section].forEach((_row, index) => {
      fields.add(pathKey([section, index]));
      for (const column of SECTION_COLUMNS[section]) fields.add(pathKey([section, index, ...column]));
    });
  }
  for (const path of [['upliftPolicy'], ['upliftPolicy', 'combine'], ['upliftPolicy', 'cap']] satisfies FieldPath[]) fields.add(pathKey(path));
  return fields;
}

import { sameRuleValue, type RuleValue } from './diff';

/**
 * Three-way merge of a draft onto the latest published version (issue 14, "stale drafts"). The draft was made
 * from `base`; since then `theirs` was published. Every change the draft made to `base` is replayed onto
 * `theirs`; where both changed the same field differently, that field is a conflict the editor resolves.
 *
 * Drafts may hold content that does not validate yet, so the merge works on plain JSON, not on parsed rule sets.
 */
export type Side = 'ours' | 'theirs';

export interface MergeConflict {
  /** Where, in the editor's terms: the collection and the item's key when the field is inside one. */
  collection?: string;
  key?: string;
  /** The field inside the item (or the rule set), dotted: "perStudent", "upliftPolicy.cap". */
  field: string;
  /** A stable id for choosing a side: `tiers[T2].perStudent`, `upliftPolicy.cap`. */
  path: string;
  /** `null` means "absent" (deleted, or never there). */
  base: RuleValue;
  ours: RuleValue;
  theirs: RuleValue;
}

export interface RebaseResult {
  /** The merged content; each conflict holds the chosen side, or the draft's own value until one is chosen. */
  merged: Record<string, unknown>;
  conflicts: MergeConflict[];
  /** Conflicts with no choice in `resolutions`: the rebase may not be saved while any remain. */
  unresolved: string[];
}

/** Arrays of items matched by a key, as the structural diff matches them. */
const KEYED_COLLECTIONS: Readonly<Record<string, string>> = {
  tiers: 'code',
  categories: 'code',
  majors: 'code',
  classBands: 'classType',
  uplifts: 'id',
  examples: 'name',
  instalments: 'label',
};
/** Arrays whose order means nothing: the draft's additions and removals are replayed as set operations. */
const SET_LIKE = /(^|\.)(flags|schoolTypes|majors|categories|ownership)$/;
/** The identity of a rule set, which a draft never changes on its own account. */
const IDENTITY = new Set(['schema', 'id']);

const ABSENT = undefined;
type Json = unknown;

export function rebaseDraft(base: Json, ours: Json, theirs: Json, resolutions: Readonly<Record<string, Side>> = {}): RebaseResult {
  const conflicts: MergeConflict[] = [];
  const merged = mergeObject(asObject(base), asObject(ours), asObject(theirs), { collection: undefined, key: undefined, field: '' }, conflicts, resolutions);
  const unresolved = conflicts.filter((conflict) => !resolutions[conflict.path]).map((conflict) => conflict.path);
  return { merged: merged ?? {}, conflicts, unresolved };
}

interface Where {
  collection: string | undefined;
  key: string | undefined;
  /** Dotted field path inside the item, or inside the rule set outside collections. */
  field: string;
}

function mergeValue(base: Json, ours: Json, theirs: Json, where: Where, conflicts: MergeConflict[], resolutions: Readonly<Record<string, Side>>): Json {
  if (same(ours, theirs, where.field)) return ours;
  if (same(base, ours, where.field)) return theirs;
  if (same(base, theirs, where.field)) return ours;
  if (where.collection === undefined && where.field in KEYED_COLLECTIONS && [base, ours, theirs].every((v) => v === ABSENT || Array.isArray(v))) {
    return mergeCollection(where.field, (base as Json[]) ?? [], (ours as Json[]) ?? [], (theirs as Json[]) ?? [], conflicts, resolutions);
  }
  if (SET_LIKE.test(where.field) && [base, ours, theirs].every((v) => v === ABSENT || (Array.isArray(v) && v.every(isScalar)))) {
    return mergeSet((base as Json[]) ?? [], (ours as Json[]) ?? [], (theirs as Json[]) ?? []);
  }
  if ([ours, theirs].every((v) => v === ABSENT || isObject(v)) && (base === ABSENT || isObject(base)) && ours !== ABSENT && theirs !== ABSENT) {
    return mergeObject(asObject(base), asObject(ours), asObject(theirs), where, conflicts, resolutions);
  }
  const path = pathOf(where);
  conflicts.push({ ...(where.collection ? { collection: where.collection, key: where.key } : {}), field: where.field, path, base: shown(base), ours: shown(ours), theirs: shown(theirs) });
  return resolutions[path] === 'theirs' ? theirs : ours;
}

function mergeObject(
  base: Record<string, Json> | undefined,
  ours: Record<string, Json> | undefined,
  theirs: Record<string, Json> | undefined,
  where: Where,
  conflicts: MergeConflict[],
  resolutions: Readonly<Record<string, Side>>,
): Record<string, Json> | undefined {
  const out: Record<string, Json> = {};
  // Their key order first (the published shape), then keys only the draft has.
  const keys = [...new Set([...Object.keys(theirs ?? {}), ...Object.keys(ours ?? {}), ...Object.keys(base ?? {})])];
  for (const key of keys) {
    const field = where.field ? `${where.field}.${key}` : key;
    const value =
      where.collection === undefined && !where.field && IDENTITY.has(key)
        ? (theirs?.[key] ?? ours?.[key])
        : mergeValue(base?.[key], ours?.[key], theirs?.[key], { ...where, field }, conflicts, resolutions);
    if (value !== ABSENT) out[key] = value;
  }
  return out;
}

function mergeCollection(collection: string, base: Json[], ours: Json[], theirs: Json[], conflicts: MergeConflict[], resolutions: Readonly<Record<string, Side>>): Json[] {
  const keyField = KEYED_COLLECTIONS[collection]!;
  const keyOf = (item: Json) => (isObject(item) && typeof item[keyField] === 'string' ? (item[keyField] as string) : undefined);
  const index = (items: Json[]) => new Map(items.flatMap((item) => (keyOf(item) !== undefined ? [[keyOf(item)!, item] as const] : [])));
  const [b, o, t] = [index(base), index(ours), index(theirs)];
  const order = [...new Set([...theirs.map(keyOf), ...ours.map(keyOf)].filter((key): key is string => key !== undefined))];
  const out: Json[] = [];
  for (const key of order) {
    const where: Where = { collection, key, field: '' };
    const [bi, oi, ti] = [b.get(key), o.get(key), t.get(key)];
    let item: Json;
    if (same(oi, ti, '')) item = oi;
    else if (same(bi, oi, '')) item = ti;
    else if (same(bi, ti, '')) item = oi;
    else if (oi === ABSENT || ti === ABSENT) {
      // One side removed the item, the other changed it: which wins is the editor's call, item by item.
      const path = `${collection}[${key}]`;
      conflicts.push({ collection, key, field: '', path, base: shown(bi), ours: shown(oi), theirs: shown(ti) });
      item = resolutions[path] === 'theirs' ? ti : oi;
    } else item = mergeObject(asObject(bi), asObject(oi), asObject(ti), where, conflicts, resolutions);
    if (item !== ABSENT) out.push(item);
  }
  // Items without a usable key cannot be matched; the draft's own stay as they are.
  out.push(...ours.filter((item) => keyOf(item) === undefined));
  return out;
}

/** Their set, plus what the draft added, minus what the draft removed. */
function mergeSet(base: Json[], ours: Json[], theirs: Json[]): Json[] {
  const text = (values: Json[]) => new Set(values.map((v) => JSON.stringify(v)));
  const [b, o] = [text(base), text(ours)];
  const removed = new Set([...b].filter((v) => !o.has(v)));
  const result = theirs.filter((v) => !removed.has(JSON.stringify(v)));
  const present = text(result);
  for (const value of ours) if (!b.has(JSON.stringify(value)) && !present.has(JSON.stringify(value))) result.push(value);
  return result;
}

function pathOf(where: Where): string {
  if (where.collection === undefined) return where.field;
  return `${where.collection}[${where.key}]${where.field ? `.${where.field}` : ''}`;
}

function same(left: Json, right: Json, field: string): boolean {
  if (left === ABSENT || right === ABSENT) return left === right;
  return sameRuleValue(left as RuleValue, right as RuleValue, field);
}

function shown(value: Json): RuleValue {
  return value === ABSENT ? null : (value as RuleValue);
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: Json): boolean {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function asObject(value: Json): Record<string, Json> | undefined {
  return isObject(value) ? value : undefined;
}

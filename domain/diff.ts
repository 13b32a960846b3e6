import { Decimal } from './decimal';
import { compareCodePoints } from './fixed';
import type { Category, ClassBand, Major, RuleSet, Tier, Uplift } from './ruleset';

/** A JSON value as it appears in a rule set; `null` stands for "absent". */
export type RuleValue = string | number | boolean | null | RuleValue[] | { [key: string]: RuleValue };

export interface FieldChange {
  /** Path inside the item (or the rule set for top-level changes), e.g. "perStudent", "match.flags". */
  path: string;
  before: RuleValue;
  after: RuleValue;
}

export interface ItemChange {
  key: string;
  fields: FieldChange[];
}

export interface CollectionDiff<T> {
  added: T[];
  removed: T[];
  changed: ItemChange[];
}

export interface RuleSetDiff {
  /** True when nothing at all differs. */
  identical: boolean;
  /** Changes outside the keyed collections: name, source, fiscalYear, upliftPolicy.*, eligibility.*, rounding.*, … */
  topLevel: FieldChange[];
  tiers: CollectionDiff<Tier>;
  categories: CollectionDiff<Category>;
  majors: CollectionDiff<Major>;
  /** Keyed by classType. */
  classBands: CollectionDiff<ClassBand>;
  /** Keyed by id. */
  uplifts: CollectionDiff<Uplift>;
}

const COLLECTIONS = ['tiers', 'categories', 'majors', 'classBands', 'uplifts'] as const;
/** Members whose order carries no meaning: comparing them as sets avoids reporting a reordering as a change. */
const SET_LIKE_ARRAYS = new Set(['flags', 'schoolTypes', 'match.flags', 'match.majors', 'match.categories', 'eligibility.ownership']);
/** Money and rate fields; codes such as "01" are text and must not compare as numbers. */
const DECIMAL_FIELD = /(^|\.)(perStudent|factor|rate|amountPerStudent|cap|floor|gainCap)$|^perStudentByTier\./;

/**
 * Structural diff of two rule sets (SPEC §5). Items are matched by their key (code, classType or id);
 * added/removed keep the full item, changed lists each differing field. Every list is sorted by key
 * or path in code-point order, so the same two rule sets always give the same diff.
 */
export function diffRuleSets(base: RuleSet, candidate: RuleSet): RuleSetDiff {
  const diff: RuleSetDiff = {
    identical: true,
    topLevel: topLevelChanges(base, candidate),
    tiers: diffCollection(base.tiers, candidate.tiers, (t) => t.code),
    categories: diffCollection(base.categories, candidate.categories, (c) => c.code),
    majors: diffCollection(base.majors, candidate.majors, (m) => m.code),
    classBands: diffCollection(base.classBands, candidate.classBands, (b) => b.classType),
    uplifts: diffCollection(base.uplifts, candidate.uplifts, (u) => u.id),
  };
  diff.identical =
    diff.topLevel.length === 0 &&
    COLLECTIONS.every((name) => diff[name].added.length + diff[name].removed.length + diff[name].changed.length === 0);
  return diff;
}

/** Number of added + removed + changed items and top-level changes; 0 means identical. */
export function countChanges(diff: RuleSetDiff): number {
  return diff.topLevel.length + COLLECTIONS.reduce((n, name) => n + diff[name].added.length + diff[name].removed.length + diff[name].changed.length, 0);
}

function topLevelChanges(base: RuleSet, candidate: RuleSet): FieldChange[] {
  const strip = (rules: RuleSet) => {
    const { tiers: _t, categories: _c, majors: _m, classBands: _b, uplifts: _u, ...rest } = rules;
    return rest as unknown as Record<string, RuleValue>;
  };
  return fieldChanges(strip(base), strip(candidate));
}

function diffCollection<T extends object>(base: T[], candidate: T[], keyOf: (item: T) => string): CollectionDiff<T> {
  const before = new Map(base.map((item) => [keyOf(item), item]));
  const after = new Map(candidate.map((item) => [keyOf(item), item]));
  const byKey = (a: T, b: T) => compareCodePoints(keyOf(a), keyOf(b));
  const changed: ItemChange[] = [];
  for (const key of [...after.keys()].filter((k) => before.has(k)).sort(compareCodePoints)) {
    const fields = fieldChanges(before.get(key) as Record<string, RuleValue>, after.get(key) as Record<string, RuleValue>);
    if (fields.length) changed.push({ key, fields });
  }
  return {
    added: candidate.filter((item) => !before.has(keyOf(item))).sort(byKey),
    removed: base.filter((item) => !after.has(keyOf(item))).sort(byKey),
    changed,
  };
}

/** Leaf-level differences of two plain objects; nested objects recurse, arrays compare whole. */
function fieldChanges(before: Record<string, RuleValue> | undefined, after: Record<string, RuleValue> | undefined, prefix = ''): FieldChange[] {
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].sort(compareCodePoints);
  const changes: FieldChange[] = [];
  for (const key of keys) {
    const path = prefix ? `${prefix}.${key}` : key;
    const left = before?.[key] ?? null;
    const right = after?.[key] ?? null;
    if (isPlainObject(left) || isPlainObject(right)) {
      const nested = fieldChanges(isPlainObject(left) ? left : undefined, isPlainObject(right) ? right : undefined, path);
      // An object that appears or disappears whole (e.g. a new eligibility rule) is one change, not many.
      if (nested.length && (left === null || right === null)) changes.push({ path, before: left, after: right });
      else changes.push(...nested);
      continue;
    }
    if (!sameValue(left, right, path)) {
      changes.push({ path, before: left, after: right });
    }
  }
  return changes;
}

/** Whether two values of the field at `path` mean the same ("0.10" and "0.1"; flags in another order). */
export function sameRuleValue(left: RuleValue, right: RuleValue, path: string): boolean {
  return sameValue(left, right, path);
}

function isPlainObject(value: RuleValue | undefined): value is { [key: string]: RuleValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameValue(left: RuleValue, right: RuleValue, path: string): boolean {
  if (Array.isArray(left) && Array.isArray(right)) {
    const ignoreOrder = SET_LIKE_ARRAYS.has(path);
    const order = (values: RuleValue[]) => (ignoreOrder ? values.map((v) => JSON.stringify(v)).sort() : values.map((v) => JSON.stringify(v)));
    const a = order(left);
    const b = order(right);
    return a.length === b.length && a.every((value, i) => value === b[i]);
  }
  // "0.10" and "0.1" are the same rate; a rule set built without the schema may not be canonical.
  if (typeof left === 'string' && typeof right === 'string' && DECIMAL_FIELD.test(path) && isDecimal(left) && isDecimal(right)) {
    return new Decimal(left).equals(right);
  }
  return JSON.stringify(left) === JSON.stringify(right);
}

function isDecimal(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

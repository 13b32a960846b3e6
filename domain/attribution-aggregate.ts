import { EFFECTS, LINE_EFFECTS, type AffectedSchool, type Attribution, type Effect, type EffectGroup, type LineEffects } from './attribution-types';
import { compareCodePoints } from './fixed';
import { CLASS_TYPES, type ClassType } from './ruleset';

/** How many schools `mostAffected` names per effect. */
export const MOST_AFFECTED = 10;

/** Line effects summed per group (a category or a class type), in BigInt units at the attribution's scale. */
export class GroupSums<K extends string> {
  private readonly groups = new Map<K, { name: string; sums: bigint[] }>();

  add(key: K, name: string, effects: readonly bigint[]): void {
    let group = this.groups.get(key);
    if (!group) this.groups.set(key, (group = { name, sums: LINE_EFFECTS.map(() => 0n) }));
    for (let e = 0; e < LINE_EFFECTS.length; e++) group.sums[e]! += effects[e]!;
  }

  rows(order: (a: K, b: K) => number, text: (units: bigint) => string): { key: K; name: string; group: EffectGroup }[] {
    return [...this.groups.entries()]
      .sort(([a], [b]) => order(a, b))
      .map(([key, { name, sums }]) => ({ key, name, group: { total: text(sums.reduce((sum, value) => sum + value, 0n)), effects: lineEffectTexts(sums, text) } }));
  }
}

export const byClassTypeOrder = (a: ClassType, b: ClassType) => CLASS_TYPES.indexOf(a) - CLASS_TYPES.indexOf(b);
export const byCode = (a: string, b: string) => compareCodePoints(a, b);

export function lineEffectTexts(units: readonly bigint[], text: (units: bigint) => string): LineEffects {
  return { enrollment: text(units[0]!), standard: text(units[1]!), upliftRate: text(units[2]!), upliftAmount: text(units[3]!), coverage: text(units[4]!) };
}

/**
 * For each effect, the schools it moved most, gains and losses alike: |amount| descending, then schoolId. `effects[i]`
 * are school i's seven effects in EFFECTS order.
 */
export function mostAffected(schools: readonly { schoolId: string; schoolName: string }[], effects: readonly (readonly bigint[])[], text: (units: bigint) => string): Attribution['mostAffected'] {
  const size = (value: bigint) => (value < 0n ? -value : value);
  const entries = EFFECTS.map((effect, e): [Effect, AffectedSchool[]] => {
    const moved = schools.map((_, i) => i).filter((i) => effects[i]![e] !== 0n);
    moved.sort((a, b) => {
      const [x, y] = [size(effects[a]![e]!), size(effects[b]![e]!)];
      return x === y ? compareCodePoints(schools[a]!.schoolId, schools[b]!.schoolId) : y > x ? 1 : -1;
    });
    return [effect, moved.slice(0, MOST_AFFECTED).map((i) => ({ schoolId: schools[i]!.schoolId, schoolName: schools[i]!.schoolName, amount: text(effects[i]![e]!) }))];
  });
  return Object.fromEntries(entries) as Attribution['mostAffected'];
}

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateRuleSet, type RuleSet } from '../domain/ruleset';

/** The committed sample files, resolved from this file so tests run from any working directory. */
export const dataPath = (name: string) => fileURLToPath(new URL(`../data/${name}`, import.meta.url));

export function loadSampleRuleSet(name = 'rules-hlj-2026.json'): RuleSet {
  const validation = validateRuleSet(JSON.parse(readFileSync(dataPath(name), 'utf8')));
  if (!validation.ok) throw new Error(`${name}: ${validation.problems.map((p) => `${p.path}: ${p.code}`).join('; ')}`);
  return validation.ruleSet;
}

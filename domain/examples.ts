import * as z from 'zod';
import { Decimal } from './decimal';
import { CLASS_TYPES, SCHOOL_TYPES } from './labels';
import { toPath, type Problem } from './problems';
import type { RuleSet } from './ruleset';
import { StandardBook } from './standards';

/**
 * Worked examples (SPEC §11): per-student amounts the policy text states, checked against the rule set's own
 * derivation (standards.ts, §3 steps 2–6), so a rule set cannot drift from the text it cites without saying so.
 */
export const exampleSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  schoolType: z.enum(SCHOOL_TYPES),
  majorCode: z.string().trim().min(1, 'must not be empty'),
  classType: z.enum(CLASS_TYPES),
  /** Filled in by the rule-set schema with its decimal parser. */
  perStudent: z.string(),
  source: z.string().optional(),
});
export type WorkedExample = z.output<typeof exampleSchema>;

/** Every example the rule set cannot reproduce exactly, at `examples[i]…`; run on a rule set that passed every other check. */
export function exampleProblems(rules: RuleSet & { examples?: readonly WorkedExample[] }): Problem[] {
  const problems: Problem[] = [];
  const book = new StandardBook(rules);
  rules.examples?.forEach((example, i) => {
    const params = { name: example.name, majorCode: example.majorCode, classType: example.classType, schoolType: example.schoolType };
    if (!book.hasMajor(example.majorCode)) {
      problems.push({ path: toPath(['examples', i, 'majorCode']), code: 'example_unknown_major', params });
      return;
    }
    if (book.bandRefusal(example.classType, example.schoolType) !== undefined) {
      problems.push({ path: toPath(['examples', i, 'classType']), code: 'example_class_type_not_allowed', params });
      return;
    }
    const computed = book.standardFor(example.majorCode, example.classType).perStudentExact;
    if (!computed.equals(new Decimal(example.perStudent))) {
      problems.push({
        path: toPath(['examples', i, 'perStudent']),
        code: 'example_mismatch',
        params: { ...params, expected: new Decimal(example.perStudent).toFixed(), computed: computed.toFixed() },
      });
    }
  });
  return problems;
}

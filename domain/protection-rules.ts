import * as z from 'zod';
import { Decimal } from './decimal';
import { decimalText } from './decimal-schema';
import { toPath, type Problem } from './problems';

/**
 * The rule-set field `protection` (SPEC §7): year-on-year protection of a school's funding against its baseline.
 * Kept apart from ruleset.ts so the planning rules live with their own checks; ruleset.ts only plugs them in.
 */
export const PROTECTION_BASES = ['perStudent', 'total'] as const;
export type ProtectionBasis = (typeof PROTECTION_BASES)[number];

/** Ranges are checked in `protectionProblems`, so that each refusal carries a code and a hint. */
export const protectionSchema = z.strictObject({
  basis: z.enum(PROTECTION_BASES),
  /** −1 ≤ floor ≤ 0: "-0.03" guarantees 97 % of the baseline. */
  floor: decimalText.optional(),
  /** ≥ 0: "0.08" lets a school gain at most 8 % over its baseline. */
  gainCap: decimalText.optional(),
  source: z.string().optional(),
});

export type Protection = z.output<typeof protectionSchema>;

/** Range checks of `protection`, each with its path, code and parameters. */
export function protectionProblems(protection: Protection | undefined): Problem[] {
  if (!protection) return [];
  const problems: Problem[] = [];
  const at = (field: string) => toPath(['protection', field]);
  if (protection.floor === undefined && protection.gainCap === undefined) {
    problems.push({ path: 'protection', code: 'protection_needs_floor_or_cap', params: {} });
  }
  if (protection.floor !== undefined) {
    const floor = new Decimal(protection.floor);
    if (floor.greaterThan(0) || floor.lessThan(-1)) {
      // 0.97 typed for "guarantee 97 %" is the likely slip; say what it would be as a floor.
      const suggestion = floor.greaterThan(0) && floor.lessThan(1) ? floor.minus(1).toFixed() : '';
      problems.push({
        path: at('floor'),
        code: 'protection_floor_out_of_range',
        params: { floor: protection.floor, suggestion },
      });
    }
  }
  if (protection.gainCap !== undefined && new Decimal(protection.gainCap).isNegative()) {
    problems.push({ path: at('gainCap'), code: 'protection_gain_cap_negative', params: { gainCap: protection.gainCap } });
  }
  return problems;
}

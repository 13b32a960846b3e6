import type { LineReason } from './compare-reasons';
import type { ComparedRuleSet } from './comparison';
import type { Coded } from './problems';
import type { EnvelopePolicy } from './result';
import type { ClassType, Ownership, SchoolType } from './ruleset';

/** What an attribution (SPEC §9) gives: every school's change A¹ − A⁰ split exactly into seven effects. */

/** The effects of a line, in the order §9 lists them. */
export const LINE_EFFECTS = ['enrollment', 'standard', 'upliftRate', 'upliftAmount', 'coverage'] as const;
/** The effects only a whole school has: §7's protection, then the envelope and rounding. */
export const SCHOOL_EFFECTS = ['protection', 'envelope'] as const;
export const EFFECTS = [...LINE_EFFECTS, ...SCHOOL_EFFECTS] as const;

export type LineEffect = (typeof LINE_EFFECTS)[number];
export type SchoolEffect = (typeof SCHOOL_EFFECTS)[number];
export type Effect = (typeof EFFECTS)[number];

/** Each effect's name in the message catalogue (messages/attribution.ts). */
export const EFFECT_CODES: Record<Effect, string> = {
  enrollment: 'attribution_effect_enrollment',
  standard: 'attribution_effect_standard',
  upliftRate: 'attribution_effect_uplift_rate',
  upliftAmount: 'attribution_effect_uplift_amount',
  coverage: 'attribution_effect_coverage',
  protection: 'attribution_effect_protection',
  envelope: 'attribution_effect_envelope',
};

/** Exact decimal strings in yuan, "0" when there is none; trailing zeros are dropped. */
export type LineEffects = Record<LineEffect, string>;
export type Effects = Record<Effect, string>;

/** Why a side's rules do not fund a line (§9 "funded"): the school's ownership, the major, or the class band. */
export type NotFundedReason = 'ineligible_ownership' | 'unknown_major' | 'class_type_not_allowed';

/** One (school, major, class type) whose effects are not all zero. */
export interface AttributionLine {
  majorCode: string;
  /** From the new rule set where it has the major, else from the base. */
  majorName: string;
  categoryCode: string;
  categoryName: string;
  classType: ClassType;
  /** The line's row in each side's enrolment; null where that enrolment does not have it (n = 0 there). */
  baseRow: number | null;
  newRow: number | null;
  baseStudents: string;
  newStudents: string;
  /** p = S(1 + ρ) + F where that side funds the line, else null. */
  basePerStudent: string | null;
  newPerStudent: string | null;
  /** Present when that side's rules do not fund the line. */
  baseNotFunded?: NotFundedReason;
  newNotFunded?: NotFundedReason;
  effects: LineEffects;
  /** Which tier, category, band or uplift changed (SPEC §5; the comparison's reasons, shared between lines). */
  reasons: LineReason[];
}

export interface AttributionSchool {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  /** E, exact. */
  baseEntitlement: string;
  newEntitlement: string;
  /** §7's protected entitlement P, exact; equal to E where no protection applies. */
  baseProtected: string;
  newProtected: string;
  /** A, with the rounding scale's decimals. */
  baseAllocation: string;
  newAllocation: string;
  /** A¹ − A⁰, which the seven effects add up to exactly. */
  change: string;
  /** change / A⁰ in percent, 2 decimals; null when A⁰ = 0. */
  changePercent: string | null;
  effects: Effects;
  /** The lines with a non-zero effect: base input order, then the lines only the new enrolment has. */
  lines: AttributionLine[];
}

export interface AttributedRun {
  ruleSet: ComparedRuleSet;
  envelope: { policy: EnvelopePolicy; budget?: string };
  totalEntitlement: string;
  totalAllocation: string;
  schools: number;
  lines: number;
  /** The run's own warnings (SPEC §7: protection without a baseline, a baseline nothing uses…), when it has any. */
  warnings?: Coded[];
}

export interface EffectGroup {
  /** The sum of the group's line effects. */
  total: string;
  effects: LineEffects;
}

/** A school among those an effect moved most (|amount| descending, then schoolId). */
export interface AffectedSchool {
  schoolId: string;
  schoolName: string;
  amount: string;
}

export interface Attribution {
  summary: {
    base: AttributedRun;
    new: AttributedRun;
    schools: number;
    schoolsGaining: number;
    schoolsLosing: number;
    schoolsUnchanged: number;
    /** Lines listed under the schools (a non-zero effect). */
    linesAttributed: number;
  };
  totals: {
    baseAllocation: string;
    newAllocation: string;
    change: string;
    changePercent: string | null;
    effects: Effects;
  };
  /** Every school of either run, sorted by schoolId in code-point order. */
  schools: AttributionSchool[];
  /** Line effects per category (the new rule set's category of the major where it has one, else the base's). */
  byCategory: (EffectGroup & { categoryCode: string; categoryName: string })[];
  byClassType: (EffectGroup & { classType: ClassType })[];
  /** For each effect, the schools it moved most (up to 10, non-zero only). */
  mostAffected: Record<Effect, AffectedSchool[]>;
  /** Codes and parameters for the catalogue (messages/attribution.ts). */
  warnings: Coded[];
}

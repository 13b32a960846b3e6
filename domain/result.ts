import type { Coded } from './problems';
import type { ClassType, Ownership, SchoolType } from './ruleset';

export type EnvelopePolicy = 'none' | 'cap' | 'exact';

export interface AppliedUplift {
  id: string;
  name: string;
  /** Present for a rate uplift ("0.10" = 10 %). */
  rate?: string;
  /** Present for an amount uplift, yuan per student. */
  amountPerStudent?: string;
  source?: string;
}

/** How one per-student amount was built; shared by every line with the same major and class type. */
export interface PerStudentDerivation {
  majorCode: string;
  majorName: string;
  categoryCode: string;
  categoryName: string;
  tier: string;
  tierName: string;
  /** "category" when the category's own perStudent overrides its tier. */
  baseFrom: 'tier' | 'category';
  classType: ClassType;
  band: string;
  /** "tier" when the band has its own per-tier standard, otherwise "factor". */
  bandFrom: 'factor' | 'tier';
  bandFactor?: string;
  baseStandard: string;
  bandedStandard: string;
  uplifts: AppliedUplift[];
  /** Combined rate ρ after the cap. */
  upliftRate: string;
  /** ρ before the cap, present only when the cap bit. */
  upliftRateUncapped?: string;
  /** Σ amountPerStudent, F. */
  upliftAmount: string;
  perStudent: string;
  /** How the rate uplifts were combined; present only when two or more rate uplifts matched. */
  upliftCombine?: 'sum' | 'max' | 'compound';
  /** Citations of the tier, category, major and band behind this amount, when the rule set gives them. */
  sources?: RuleSources;
}

export interface RuleSources {
  tier?: string;
  category?: string;
  major?: string;
  band?: string;
}

export interface LineResult extends PerStudentDerivation {
  row: number;
  students: string;
  /** e = n × p, exact. */
  entitlement: string;
  /** Share of the school's allocation, exactly `scale` decimals. */
  allocation: string;
  /** Set when the line gets nothing by rule, e.g. "ineligible_ownership". */
  reason?: string;
}

export interface SchoolResult {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  city?: string;
  eligible: boolean;
  reason?: string;
  students: string;
  entitlement: string;
  allocation: string;
  /** Year-on-year protection (SPEC §7, §13), when the run applied it. */
  protection?: SchoolProtection;
  lines: LineResult[];
}

/**
 * A school's protection. `floor` (F) and `cap` (C) are whole units of 10^-scale yuan written as yuan with exactly
 * `scale` decimals, like `allocation`; `cap` is absent when unbounded.
 */
export interface SchoolProtection {
  floor: string;
  cap?: string;
  /** Which bound decided the allocation: the formula share (f × E, or E without an envelope) was below F or above C. */
  bound: 'floor' | 'cap' | null;
  /** P = clamp(E, F, C), exact. */
  protectedEntitlement: string;
  /** Whether the baseline protects the school (eligible now, A⁰ > 0 and N⁰ > 0). */
  protected: boolean;
  /** A⁰ and N⁰, when the school is in the baseline. */
  baselineAllocation?: string;
  baselineStudents?: string;
}

export interface ProtectionSummary {
  basis: 'perStudent' | 'total';
  floor?: string;
  gainCap?: string;
  source?: string;
  baseline: { fiscalYear?: number; ruleSetHash?: string; totalAllocation: string; schools: number; schoolsAbsent: number };
  schoolsProtected: number;
  schoolsAtFloor: number;
  schoolsAtCap: number;
  /** Σ (F − f × E) over schools at their floor, yuan rounded half up to `scale` decimals. */
  floorCost: string;
  /** Σ (f × E − C) over schools at their cap, likewise. */
  capSaving: string;
  /** Σ F. */
  totalGuarantees: string;
  /** f of Σ clamp(f × E, F, C) = B to 12 decimals, when an envelope scaled the run; null otherwise. */
  envelopeFactor: string | null;
}

export interface ExcludedLine {
  row: number;
  /** The first problem's category (RowReason), e.g. "unknown_major". */
  reason: string;
  /** Every problem of the row, as codes the catalogue renders; the first is the one `reason` names. */
  problems: Coded[];
  schoolId?: string;
  majorCode?: string;
  classType?: string;
}

export interface RunSummary {
  engineVersion: string;
  ruleSet: { id: string; name: string; version?: number; hash: string; source?: string };
  enrollment: { hash: string; lines: number };
  fiscalYear: number;
  currency: string;
  envelope: { policy: EnvelopePolicy; budget?: string };
  rounding: { scale: number; mode: string };
  /** ΣA / ΣE to 12 decimals; null when nothing is entitled. */
  scaleFactor: string | null;
  totalEntitlement: string;
  totalAllocation: string;
  counts: { schools: number; eligibleSchools: number; lines: number; excludedLines: number; students: string };
  /** Notes that did not stop the run (messages/engine.ts), e.g. budget_unused, ineligible_ownership. */
  warnings: Coded[];
  protection?: ProtectionSummary;
  /** The payment schedule (SPEC §10, §13): each instalment's label, share, due date and total over schools. */
  instalments?: { label: string; share: string; due?: string; total: string }[];
}

export interface AllocationResult {
  summary: RunSummary;
  schools: SchoolResult[];
  excluded: ExcludedLine[];
}

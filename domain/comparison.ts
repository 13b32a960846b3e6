import type { LineReason } from './compare-reasons';
import type { RuleSetDiff } from './diff';
import type { Coded } from './problems';
import type { EnvelopePolicy } from './result';
import type { ClassType, Ownership, SchoolType } from './ruleset';

/** What a what-if comparison (SPEC §5) gives: totals, schools, moved lines with their reasons, group views. */

export interface ComparedRuleSet {
  id: string;
  name: string;
  version?: number;
  hash: string;
  fiscalYear: number;
}

export interface ComparisonSummary {
  baseRuleSet: ComparedRuleSet;
  candidateRuleSet: ComparedRuleSet;
  envelope: { policy: EnvelopePolicy; budget?: string };
  baseTotalEntitlement: string;
  candidateTotalEntitlement: string;
  entitlementChange: string;
  baseTotalAllocation: string;
  candidateTotalAllocation: string;
  totalChange: string;
  /** totalChange / baseTotalAllocation in percent, 2 decimals; null when the base total is 0. */
  totalChangePercent: string | null;
  baseScaleFactor: string | null;
  candidateScaleFactor: string | null;
  schools: number;
  schoolsGaining: number;
  schoolsLosing: number;
  schoolsUnchanged: number;
  linesMoved: number;
}

export interface SchoolComparison {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolType;
  ownership: Ownership;
  baseEntitlement: string;
  candidateEntitlement: string;
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  /** null when the base allocation is 0. */
  deltaPercent: string | null;
  linesMoved: number;
}

export interface LineComparison {
  row: number;
  schoolId: string;
  majorCode: string;
  majorName: string;
  classType: ClassType;
  students: string;
  /** null when the line is not in that run (excluded there). */
  basePerStudent: string | null;
  candidatePerStudent: string | null;
  baseEntitlement: string;
  candidateEntitlement: string;
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  reasons: LineReason[];
}

export interface GroupComparison {
  baseAllocation: string;
  candidateAllocation: string;
  delta: string;
  deltaPercent: string | null;
}

export interface Comparison {
  summary: ComparisonSummary;
  schools: SchoolComparison[];
  lines: LineComparison[];
  largestChanges: SchoolComparison[];
  byCategory: (GroupComparison & { categoryCode: string; categoryName: string })[];
  byClassType: (GroupComparison & { classType: ClassType; name: string })[];
  ruleSetDiff: RuleSetDiff;
  /** Differences between the two runs besides the rules (messages/compare.ts). */
  warnings: Coded[];
}

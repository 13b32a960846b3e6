import { Decimal } from './decimal';
import type { Coded } from './problems';
import type { ProtectionSummary, SchoolResult } from './result';

/**
 * A school's protection in words for its statement (SPEC §7: "按上年生均 … 保底 97%"), as codes and parameters for
 * the message catalogue (messages/planning.ts). Empty for a school the run did not protect or fund.
 */
export function protectionStatement(school: SchoolResult, summary: ProtectionSummary): Coded[] {
  const protection = school.protection;
  if (!protection || !school.eligible) return [];
  if (!protection.protected) return [{ code: 'protection_not_in_baseline', params: {} }];
  const sentences: Coded[] = [];
  const baselineAllocation = protection.baselineAllocation!;
  const baselineStudents = protection.baselineStudents!;
  if (summary.basis === 'perStudent') {
    // A⁰ / N⁰ is shown to the fen; F and C were computed from the exact quotient.
    const perStudent = new Decimal(baselineAllocation).div(baselineStudents).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
    sentences.push({ code: 'protection_basis_per_student', params: { perStudent, baselineAllocation, baselineStudents, students: school.students } });
  } else {
    sentences.push({ code: 'protection_basis_total', params: { baselineAllocation } });
  }
  if (summary.floor !== undefined) sentences.push({ code: 'protection_floor', params: { guarantee: new Decimal(summary.floor).plus(1).toFixed(), floor: protection.floor } });
  if (summary.gainCap !== undefined && protection.cap !== undefined) sentences.push({ code: 'protection_cap', params: { gainCap: summary.gainCap, cap: protection.cap } });
  const scaled = summary.envelopeFactor !== null;
  if (protection.bound === 'floor') {
    sentences.push(scaled ? { code: 'protection_bound_floor_scaled', params: { factor: summary.envelopeFactor!, floor: protection.floor } } : { code: 'protection_bound_floor', params: { entitlement: school.entitlement, floor: protection.floor } });
  } else if (protection.bound === 'cap') {
    sentences.push(scaled ? { code: 'protection_bound_cap_scaled', params: { factor: summary.envelopeFactor!, cap: protection.cap! } } : { code: 'protection_bound_cap', params: { entitlement: school.entitlement, cap: protection.cap! } });
  } else {
    sentences.push({ code: 'protection_not_bound', params: {} });
  }
  return sentences;
}

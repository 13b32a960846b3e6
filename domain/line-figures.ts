import { apportionUnits, byInputOrder, type Units } from './apportion';
import type { AllocationCore, CoreSchool } from './allocation-core';
import { formatExact } from './fixed';

/**
 * Each line's entitlement as text. A national run has 361k lines but only ~26k distinct (standard, student count)
 * pairs, so lines that share one share its text: fewer strings to build and to keep.
 */
export function entitlementTexts(core: AllocationCore): (index: number) => string {
  const byStandard = core.standardList.map(() => new Array<string | undefined>(core.distinctStudentCounts));
  return (index) => {
    const units = core.lineEntitlements[index]!;
    if (units === 0n) return '0';
    const byStudents = byStandard[core.standardIds[index]!]!;
    return (byStudents[core.studentCountIds[index]!] ??= formatExact(units, core.exactScale));
  };
}

/**
 * A school's allocation apportioned over its lines by entitlement (largest remainders, input order breaks ties),
 * in the order of `school.indexes`. Made when a school is written or compared, not kept for the whole run.
 */
export function lineShares(core: AllocationCore, school: CoreSchool): Units {
  if (school.entitlement === 0n && school.allocation > 0n) return guaranteeShares(core, school);
  const { indexes } = school;
  const weights = new Array<bigint>(indexes.length);
  const floats = new Float64Array(indexes.length);
  for (let k = 0; k < indexes.length; k++) {
    weights[k] = core.lineEntitlements[indexes[k]!]!;
    floats[k] = core.lineEntitlementFloats[indexes[k]!]!;
  }
  // The school's entitlement is the sum of these very weights (computeAllocation).
  return apportionUnits(school.allocation, weights, byInputOrder, { weightSum: school.entitlement, floats });
}

/**
 * Only a protection floor gives a school with no entitlement money (SPEC §7, e.g. basis "total" for a school whose
 * classes are empty this year). Its lines then share it by students, or equally when they have none, so that the
 * lines still add up to the school.
 */
function guaranteeShares(core: AllocationCore, school: CoreSchool): Units {
  const students = school.indexes.map((index) => core.studentHundredths[index]!);
  return apportionUnits(school.allocation, school.students > 0n ? students : students.map(() => 1n), byInputOrder);
}

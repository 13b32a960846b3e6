/**
 * BENCHMARK ONLY — never used by the product. The allocation pass of SPEC §3 done with plain float64 numbers, as
 * the speed floor the exact engine is measured against: same standards, same per-line entitlements, the same
 * envelope (`cap`) and largest-remainder apportionments, same output shape, but binary floating point
 * throughout, which the spec forbids for real results.
 */
import type { EnrollmentLine } from '../domain/enrollment';
import type { ClassType, RuleSet } from '../domain/ruleset';

export interface FloatLine {
  row: number;
  majorCode: string;
  classType: ClassType;
  students: number;
  perStudent: number;
  entitlement: number;
  allocation: number;
}

export interface FloatSchool {
  schoolId: string;
  entitlement: number;
  allocation: number;
  lines: FloatLine[];
}

export interface FloatResult {
  totalEntitlement: number;
  totalAllocation: number;
  schools: FloatSchool[];
}

export function floatAllocate(rules: RuleSet, lines: EnrollmentLine[], budget: number | undefined): FloatResult {
  const units = 10 ** rules.rounding.scale;
  const eligible = new Set<string>(rules.eligibility?.ownership ?? ['public', 'private']);
  const perStudent = floatStandards(rules);

  const bySchool = new Map<string, number[]>();
  lines.forEach((line, index) => {
    const indexes = bySchool.get(line.schoolId);
    if (indexes) indexes.push(index);
    else bySchool.set(line.schoolId, [index]);
  });
  const schoolIds = [...bySchool.keys()].sort();
  const students = lines.map((line) => Number(line.students));
  const lineRates = lines.map((line) => perStudent.get(line.majorCode)!.get(line.classType)!);
  const lineEntitlements = lines.map((line, i) => (eligible.has(line.ownership) ? students[i]! * lineRates[i]! : 0));
  const schoolEntitlements = schoolIds.map((id) => bySchool.get(id)!.reduce((sum, i) => sum + lineEntitlements[i]!, 0));
  const totalEntitlement = schoolEntitlements.reduce((sum, e) => sum + e, 0);

  let allocations = schoolEntitlements.map((e) => Math.round(e * units));
  const roundedTotal = allocations.reduce((sum, a) => sum + a, 0);
  if (budget !== undefined && roundedTotal > budget * units) allocations = hamilton(Math.round(budget * units), schoolEntitlements);

  const schools = schoolIds.map((schoolId, s) => {
    const indexes = bySchool.get(schoolId)!;
    const shares = hamilton(allocations[s]!, indexes.map((i) => lineEntitlements[i]!));
    return {
      schoolId,
      entitlement: schoolEntitlements[s]!,
      allocation: allocations[s]! / units,
      lines: indexes.map((i, position) => ({
        row: lines[i]!.row,
        majorCode: lines[i]!.majorCode,
        classType: lines[i]!.classType,
        students: students[i]!,
        perStudent: lineRates[i]!,
        entitlement: lineEntitlements[i]!,
        allocation: shares[position]! / units,
      })),
    };
  });
  return { totalEntitlement, totalAllocation: allocations.reduce((sum, a) => sum + a, 0) / units, schools };
}

/** Per-student amount by major code and class type, in float64. */
export function floatStandards(rules: RuleSet): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  const categories = new Map(rules.categories.map((c) => [c.code, c]));
  const tiers = new Map(rules.tiers.map((t) => [t.code, t]));
  for (const major of rules.majors) {
    const category = categories.get(major.category)!;
    const base = Number(category.perStudent ?? tiers.get(category.tier)!.perStudent);
    const matching = rules.uplifts.filter(
      (u) => u.match.majors?.includes(major.code) || u.match.categories?.includes(major.category) || (major.flags ?? []).some((f) => u.match.flags?.includes(f)),
    );
    const rates = matching.filter((u) => u.rate !== undefined).map((u) => Number(u.rate));
    const combine = rules.upliftPolicy.combine;
    let rate = combine === 'max' ? Math.max(0, ...rates) : combine === 'compound' ? rates.reduce((p, r) => p * (1 + r), 1) - 1 : rates.reduce((s, r) => s + r, 0);
    if (rules.upliftPolicy.cap !== undefined) rate = Math.min(rate, Number(rules.upliftPolicy.cap));
    const amount = matching.reduce((sum, u) => sum + Number(u.amountPerStudent ?? 0), 0);
    const byClass = new Map<string, number>();
    table.set(major.code, byClass);
    for (const band of rules.classBands) {
      const tierStandard = band.perStudentByTier?.[category.tier];
      const banded = tierStandard !== undefined ? Number(tierStandard) : base * Number(band.factor ?? 1);
      byClass.set(band.classType, banded * (1 + rate) + amount);
    }
  }
  return table;
}

/** Largest remainder in float64; ties by index. */
export function hamilton(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0) return weights.map(() => 0);
  const quotas = weights.map((w) => (total * w) / sum);
  const shares = quotas.map(Math.floor);
  let left = total - shares.reduce((s, a) => s + a, 0);
  const order = quotas.map((_, i) => i).sort((a, b) => quotas[b]! - shares[b]! - (quotas[a]! - shares[a]!) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    shares[i]!++;
    left--;
  }
  return shares;
}

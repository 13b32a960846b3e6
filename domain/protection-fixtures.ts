import { readBaseline, type Baseline } from './baseline';
import { Decimal } from './decimal';

/** A §4 result as another program would read it, cut down to what a baseline needs (and a little more). */
export function baselineJson(schools: [id: string, allocation: string, students: string[]][], fiscalYear = 2025) {
  const total = schools.reduce((sum, [, allocation]) => sum.plus(allocation), new Decimal(0));
  return {
    summary: { fiscalYear, totalAllocation: total.toFixed(2), ruleSet: { hash: 'sha256:baseline' } },
    schools: schools.map(([schoolId, allocation, students]) => ({ schoolId, allocation, entitlement: allocation, lines: students.map((n) => ({ majorCode: '0102', students: n })) })),
  };
}

export function baselineOf(schools: [id: string, allocation: string, students: string[]][]): Baseline {
  const reading = readBaseline(baselineJson(schools));
  if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
  return reading.baseline;
}


import { describe, expect, it } from 'vitest';
import { allocate, allocationStream, type AllocateInput } from '../domain/allocate';
import { readBaseline } from '../domain/baseline';
import { paymentSchedule } from '../domain/instalments';
import { baselineJson, baselineOf } from '../domain/protection-fixtures';
import { compactResult, expandResult, type CompactResult } from '../domain/result-form';
import { line, specRuleSet } from '../domain/test-fixtures';
import { compactJsonParts, compactJsonPieces } from './json-output';
import { compactJson, expandedJson, type Shares } from './result-json';

const ruleSet = specRuleSet({ protection: { basis: 'perStudent', floor: '-0.03', gainCap: '0.08', source: '三年行动方案：保底 97%，增幅不超过 8%' } });
const lines = [
  line({ schoolId: 'A', majorCode: '0102', students: '120' }),
  line({ schoolId: 'B', majorCode: '0102', students: '50' }),
  line({ schoolId: 'B', majorCode: '0501', students: '9' }),
  line({ schoolId: 'C', majorCode: '0501', students: '10' }),
];
const baseline = baselineOf([
  ['A', '1000000.00', ['60', '40']],
  ['B', '300000.00', ['50']],
  ['Z', '5000.00', ['1']],
]);
const schedule = [
  { label: '上半年', share: '0.6' },
  { label: '下半年', share: '0.4', due: '2026-12-31' },
];

function streamed(input: Omit<AllocateInput, 'ruleSet' | 'lines'> = {}) {
  const outcome = allocationStream({ ruleSet, lines, envelope: { policy: 'exact', budget: '1700000' }, baseline, ...input });
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  const { stream } = outcome;
  const plan = paymentSchedule([...stream.schoolHeads()], stream.summary.rounding.scale, schedule);
  stream.summary.instalments = plan.summary;
  const bySchool: Shares = new Map(plan.schools.map((s) => [s.schoolId, s.instalments]));
  return { stream, bySchool };
}

describe("allocate's JSON with protection, a payment schedule and warnings (SPEC §4, §7, §10, §13)", () => {
  it('carries them in the compact form: school protection and instalments, summary protection, instalments and warnings', () => {
    const { stream, bySchool } = streamed();
    const value = JSON.parse(JSON.stringify(compactJson(stream, bySchool, false))) as CompactResult & { schools: { instalments: unknown[] }[] };
    expect(value.summary.protection).toBeDefined();
    expect(value.summary.instalments?.map((i) => i.label)).toEqual(['上半年', '下半年']);
    expect(value.summary.warnings).toEqual(stream.summary.warnings);
    for (const school of value.schools) {
      expect(school.protection).toBeDefined();
      expect(school.instalments).toEqual(bySchool.get(school.schoolId));
    }
    // Read back as a baseline (next year's protection reads the compact form).
    const reading = readBaseline(value);
    expect(reading.ok && [...reading.baseline.schools.keys()]).toEqual(['A', 'B', 'C']);
  });

  it('carries the coded warnings in the compact form, streamed or whole', () => {
    // A baseline of the same fiscal year is not an earlier year's result: a coded warning says so.
    const sameYear = readBaseline(baselineJson([['A', '1000000.00', ['100']]], 2026));
    if (!sameYear.ok) throw new Error('fixture');
    const { stream, bySchool } = streamed({ baseline: sameYear.baseline });
    expect(stream.summary.warnings).toEqual([{ code: 'baseline_not_earlier', params: { baselineYear: 2026, fiscalYear: 2026 } }]);
    for (const streamedOut of [false, true]) {
      const text = [...compactJsonPieces(compactJson(stream, bySchool, streamedOut))].join('');
      expect((JSON.parse(text) as CompactResult).summary.warnings).toEqual(stream.summary.warnings);
    }
  });

  it('writes the same JSON value streamed school by school (a national result) as made whole (a province)', () => {
    const { stream, bySchool } = streamed();
    const whole = JSON.stringify(compactJson(stream, bySchool, false));
    expect([...compactJsonPieces(compactJson(stream, bySchool, true))].join('')).toBe(whole);
    const noSchedule = streamed().stream;
    expect([...compactJsonPieces(compactJson(noSchedule, undefined, true))].join('')).toBe(JSON.stringify(compactJson(noSchedule, undefined, false)));
  });

  it('writes the same text through the byte writer (what a file gets) as through the texts', () => {
    const { stream, bySchool } = streamed();
    for (const shares of [bySchool, undefined]) {
      const value = compactJson(stream, shares, true);
      const parts: Buffer[] = [];
      // A byte piece is copied at once: the writer reuses its buffer.
      for (const part of compactJsonParts(value)) parts.push(typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part));
      expect(parts.some((part) => part.length > 0)).toBe(true);
      expect(Buffer.concat(parts).toString('utf8')).toBe([...compactJsonPieces(value)].join(''));
    }
  });

  it('expands the compact form to the expanded one, which is what allocate() with the schedule on each school gives', () => {
    const { stream, bySchool } = streamed();
    const expanded = [...compactJsonPieces(expandedJson(stream, bySchool))].join('');
    const outcome = allocate({ ruleSet, lines, envelope: { policy: 'exact', budget: '1700000' }, baseline });
    if (!outcome.ok) throw new Error('refused');
    const result = { ...outcome.result, summary: { ...outcome.result.summary, instalments: stream.summary.instalments } };
    expect(expanded).toBe(JSON.stringify({ ...result, schools: result.schools.map((school) => ({ ...school, instalments: bySchool.get(school.schoolId) })) }));
    const compact = JSON.parse(JSON.stringify(compactJson(stream, bySchool, false))) as CompactResult;
    expect(JSON.parse(JSON.stringify(expandResult(compact)))).toEqual(JSON.parse(expanded));
  });

  it('leaves a result without protection or schedule byte-identical to allocate() in the expanded form', () => {
    const plain = specRuleSet();
    const outcome = allocationStream({ ruleSet: plain, lines, envelope: { policy: 'cap', budget: '900000' } });
    const whole = allocate({ ruleSet: plain, lines, envelope: { policy: 'cap', budget: '900000' } });
    if (!outcome.ok || !whole.ok) throw new Error('refused');
    expect([...compactJsonPieces(expandedJson(outcome.stream, undefined))].join('')).toBe(JSON.stringify(whole.result));
    expect(JSON.stringify(compactJson(outcome.stream, undefined, false))).toBe(JSON.stringify(compactResult(whole.result)));
  });
});

import { describe, expect, it } from 'vitest';
import type { RunHeader, SchoolSummary, Store } from '../store/types';
import { runEnvelopeScaled, runSchoolSummaries } from './school-summaries';

function countingStore(fail = false) {
  const reads: string[] = [];
  const store = {
    listRunSchools: async (runId: string) => {
      reads.push(runId);
      if (fail) throw new Error('table unavailable');
      return [{ schoolId: `${runId}-S1` }] as unknown as SchoolSummary[];
    },
  } as unknown as Store;
  return { store, reads };
}
const header = (runId: string, status: RunHeader['status'] = 'complete') => ({ runId, status }) as RunHeader;

describe('runSchoolSummaries', () => {
  it('reads a complete run once per store, a pending run every time', async () => {
    const first = countingStore();
    const second = countingStore();
    await runSchoolSummaries(first.store, header('r1'));
    expect(await runSchoolSummaries(first.store, header('r1'))).toEqual([{ schoolId: 'r1-S1' }]);
    await runSchoolSummaries(second.store, header('r1'));
    await runSchoolSummaries(first.store, header('p1', 'pending'));
    await runSchoolSummaries(first.store, header('p1', 'pending'));
    expect(first.reads).toEqual(['r1', 'p1', 'p1']);
    expect(second.reads).toEqual(['r1']);
  });

  it('does not keep a failed read, and keeps only the most recently used runs', async () => {
    const failing = countingStore(true);
    await expect(runSchoolSummaries(failing.store, header('r1'))).rejects.toThrow('unavailable');
    await expect(runSchoolSummaries(failing.store, header('r1'))).rejects.toThrow('unavailable');
    expect(failing.reads).toEqual(['r1', 'r1']);

    const { store, reads } = countingStore();
    for (let i = 0; i < 9; i++) await runSchoolSummaries(store, header(`r${i}`));
    await runSchoolSummaries(store, header('r8'));
    await runSchoolSummaries(store, header('r0'));
    expect(reads).toEqual(['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r0']);
  });
});

describe('runEnvelopeScaled', () => {
  const summary = (policy: 'none' | 'cap') => ({ envelope: { policy }, rounding: { scale: 2, mode: 'half_up' } });
  const school = (entitlement: string, allocation: string) => ({ schoolId: 'S', entitlement, allocation }) as unknown as SchoolSummary;
  function storeOf(schools: SchoolSummary[]) {
    let reads = 0;
    const store = { listRunSchools: async () => (reads++, schools) } as unknown as Store;
    return { store, reads: () => reads };
  }
  const run = (runId: string, policy: 'none' | 'cap') => ({ runId, status: 'complete', summary: summary(policy) }) as unknown as RunHeader;

  it('is true only when some allocation differs from its rounded entitlement', async () => {
    const untouched = storeOf([school('10.004', '10.00'), school('5', '5.00')]);
    expect(await runEnvelopeScaled(untouched.store, run('e1', 'cap'))).toBe(false);
    const scaled = storeOf([school('10.004', '10.00'), school('5', '4.99')]);
    expect(await runEnvelopeScaled(scaled.store, run('e2', 'cap'))).toBe(true);
    // Without an envelope nothing is read: no statement explains a share.
    expect(await runEnvelopeScaled(scaled.store, run('e3', 'none'))).toBe(false);
    expect(scaled.reads()).toBe(1);
  });

  it('reads a complete run once however many statements ask', async () => {
    const { store, reads } = storeOf([school('5', '4.99')]);
    for (let i = 0; i < 3; i++) expect(await runEnvelopeScaled(store, run('e4', 'cap'))).toBe(true);
    expect(reads()).toBe(1);
  });
});

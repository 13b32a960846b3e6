import { describe, expect, it } from 'vitest';
import type { RunHeader, SchoolSummary, Store } from '../store/types';
import { runSchoolSummaries } from './school-summaries';

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

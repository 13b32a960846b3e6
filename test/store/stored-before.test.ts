import { afterAll, describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult, expandResult } from '../../domain/result-form';
import { linesOf } from '../../domain/enrollment-columns';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { packList, packValue } from '../../functions/store/chunks';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { datasetKey, datasetPK, linesSK, runPK, schoolRunsIndex, schoolSK, timeOrdered } from '../../functions/store/keys';
import { batchPut, putItem } from '../../functions/store/ops';
import { schoolPartItems } from '../../functions/store/run-schools';
import { packSchoolLines } from '../../functions/store/school-lines';
import { sampleLines, sampleRuleSet } from '../support/fixtures';
import { freshStore } from '../support/store';

let dynamo: LocalDynamo | undefined;
afterAll(() => dynamo?.close());

/** Items as the store wrote them before runs kept SPEC §4's compact form and datasets kept columns. */
describe('data stored by earlier versions', () => {
  it('reads a run whose school items carry every line in full, as the compact form with a table', async () => {
    dynamo = await startDynalite();
    const store = (await freshStore(dynamo.endpoint)) as ReturnType<typeof createDynamoStore>;
    const outcome = allocate({ ruleSet: sampleRuleSet(), lines: sampleLines(4) });
    if (!outcome.ok) throw new Error('refused');
    for (const { lines, ...school } of outcome.result.schools) {
      await putItem(store.connection, { PK: runPK('run-old'), SK: schoolSK(school.schoolId), runId: 'run-old', ...school, lineCount: lines.length, linesGz: packValue(lines) });
    }
    const stored = await store.readRunSchools('run-old');
    expect(stored).toEqual({ standards: compactResult(outcome.result).standards, schools: compactResult(outcome.result).schools });
    expect(JSON.stringify(expandResult({ ...outcome.result, ...stored }).schools)).toBe(JSON.stringify(outcome.result.schools));
    const one = await store.getRunSchool('run-old', 'S000002');
    expect(one.schools[0]!.lines.map((l) => one.standards[l.standard]!.perStudent)).toEqual(outcome.result.schools[2]!.lines.map((l) => l.perStudent));

    const lines = sampleLines(50);
    await putItem(store.connection, { ...datasetKey('ds-old'), datasetId: 'ds-old', name: 'old', format: 'csv', status: 'sealed', createdBy: 'x', createdAt: 'x', lineChunks: 1, problemChunks: 0 });
    await putItem(store.connection, { PK: datasetPK('ds-old'), SK: linesSK(1), data: packList(lines)[0]! });
    expect((await store.readDatasetContent('ds-old')).lines).toEqual(lines);
    expect(linesOf((await store.readDatasetEnrollment('ds-old')).enrollment)).toEqual(lines);
  });

  it('reads and lists a run whose schools are one item each (before packing) beside packed runs of the same schools', async () => {
    dynamo ??= await startDynalite();
    const store = (await freshStore(dynamo.endpoint)) as ReturnType<typeof createDynamoStore>;
    const outcome = allocate({ ruleSet: sampleRuleSet(), lines: sampleLines(30) });
    if (!outcome.ok) throw new Error('refused');
    const compact = compactResult(outcome.result);
    // The items exactly as writeRunContent wrote them before packing: a SCHOOL# item per school, under the school's
    // own GSI1 partition, its compact lines as columns, after the run's standards table.
    const createdAt = '2026-01-01T00:00:00.000Z';
    await store.writeRunContent('run-unpacked', createdAt, { standards: compact.standards, schools: [], excluded: [] });
    await batchPut(
      store.connection,
      compact.schools.map(({ lines, ...head }) => ({ PK: runPK('run-unpacked'), SK: schoolSK(head.schoolId), GSI1PK: schoolRunsIndex(head.schoolId), GSI1SK: timeOrdered(createdAt, 'run-unpacked'), runId: 'run-unpacked', ...head, lineCount: lines.length, lineColumns: packSchoolLines(lines) })),
    );
    await store.writeRunContent('run-packed', '2026-02-01T00:00:00.000Z', { standards: compact.standards, schools: compact.schools, excluded: [] });

    for (const runId of ['run-unpacked', 'run-packed']) {
      expect(await store.readRunSchools(runId)).toEqual({ standards: compact.standards, schools: compact.schools });
      expect(await store.getRunSchool(runId, 'S000004')).toEqual({ standards: compact.standards, schools: [compact.schools[4]] });
      expect(await store.listRunSchools(runId)).toEqual(compact.schools.map(({ lines, ...head }) => ({ ...head, lineCount: lines.length })));
    }
    // A run begun by a writer of one version and completed by one of the other holds both forms, each perhaps only in
    // part: its schools are all read, once each.
    await store.writeRunContent('run-mixed', createdAt, { standards: compact.standards, schools: [], excluded: [] });
    await batchPut(
      store.connection,
      compact.schools.slice(12).map(({ lines, ...head }) => ({ PK: runPK('run-mixed'), SK: schoolSK(head.schoolId), runId: 'run-mixed', ...head, lineCount: lines.length, lineColumns: packSchoolLines(lines) })),
    );
    await batchPut(store.connection, [...schoolPartItems('run-mixed', createdAt, compact.schools.slice(0, 15).map(({ lines, ...head }) => ({ head, lineCount: lines.length, lineColumns: packSchoolLines(lines) })))]);
    expect(await store.readRunSchools('run-mixed')).toEqual({ standards: compact.standards, schools: compact.schools });
    expect((await store.listRunSchools('run-mixed')).map((s) => s.schoolId)).toEqual(compact.schools.map((s) => s.schoolId));
    expect(await store.getRunSchool('run-mixed', compact.schools[20]!.schoolId)).toEqual({ standards: compact.standards, schools: [compact.schools[20]] });

    // Newest first across both forms, one run a page, then no cursor.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listSchoolRuns('S000004', { limit: 1, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((ref) => `${ref.runId} ${ref.createdAt}`));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(['run-packed 2026-02-01T00:00:00.000Z', 'run-mixed 2026-01-01T00:00:00.000Z', 'run-unpacked 2026-01-01T00:00:00.000Z']);
  });
});

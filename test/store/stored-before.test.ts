import { afterAll, describe, expect, it } from 'vitest';
import { allocate } from '../../domain/allocate';
import { compactResult, expandResult } from '../../domain/result-form';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { packList, packValue } from '../../functions/store/chunks';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import { datasetKey, datasetPK, linesSK, runPK, schoolSK } from '../../functions/store/keys';
import { putItem } from '../../functions/store/ops';
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
  });
});

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateRuleSet } from '../../domain/ruleset';
import { readEnrollment } from '../../formats/enrollment-reader';
import type { AppContext } from '../app/context';
import { decideRun } from '../app/decisions';
import { createRun } from '../app/runs';
import type { Caller } from '../http/types';
import type { Store } from '../store/types';

export const SAMPLE_FILES = {
  rules: 'data/rules-hlj-2026.json',
  candidate: 'data/rules-hlj-2026-candidate.json',
  enrollment: 'data/enrollment-hlj-2026.csv',
};

/** Who the sample data are from, as a person reads it in the console (created by, last edited by). */
const SEED_AUTHOR = '示例数据';
const SEED_PUBLISHER = 'seed-publisher';

/**
 * First start only: the sample rule set as published version 1 (written through the same draft → publish path,
 * by two system users), the candidate as a draft based on it, and the sample enrolment as a sealed dataset.
 * Missing sample files are skipped with a log line.
 */
export async function seedSampleData(store: Store, root: string, log: (line: string) => void): Promise<void> {
  const at = new Date().toISOString();
  const rulesJson = await readJson(join(root, SAMPLE_FILES.rules));
  if (rulesJson === undefined) {
    log(`seed: ${SAMPLE_FILES.rules} not found; no sample rule set`);
  } else {
    const rules = validateRuleSet(rulesJson);
    if (!rules.ok) throw new Error(`seed: ${SAMPLE_FILES.rules} is invalid: ${rules.problems.map((p) => `${p.path}: ${p.code}`).join('; ')}`);
    const draft = await store.createDraft({ ruleSetId: rules.ruleSet.id, draftId: 'seed-v1', content: rulesJson, createdBy: SEED_AUTHOR, createdBySub: SEED_AUTHOR, changed: true, createdAt: at, changeNote: '示例规则集' });
    const version = await store.publishDraft({ ruleSetId: draft.ruleSetId, draftId: draft.draftId, revision: draft.revision, by: SEED_PUBLISHER, bySub: SEED_PUBLISHER, at });
    await store.appendAudit({ at, action: 'ruleset.publish', actor: SEED_PUBLISHER, subject: `${rules.ruleSet.id}/v${version.version}`, details: { seeded: true } });
    log(`seed: rule set ${rules.ruleSet.id} published as version ${version.version}`);

    const candidateJson = await readJson(join(root, SAMPLE_FILES.candidate));
    if (candidateJson === undefined) log(`seed: ${SAMPLE_FILES.candidate} not found; no sample draft`);
    else {
      await store.createDraft({ ruleSetId: rules.ruleSet.id, draftId: 'seed-candidate', content: candidateJson, baseVersion: version.version, createdBy: SEED_AUTHOR, createdBySub: SEED_AUTHOR, changed: true, createdAt: at, changeNote: '示例调整方案' });
      await store.appendAudit({ at, action: 'draft.create', actor: SEED_AUTHOR, subject: `${rules.ruleSet.id}/seed-candidate`, details: { seeded: true } });
      log(`seed: candidate draft seed-candidate created from version ${version.version}`);
    }
  }

  const enrollmentPath = join(root, SAMPLE_FILES.enrollment);
  const bytes = await readFile(enrollmentPath).catch(() => undefined);
  if (!bytes) {
    log(`seed: ${SAMPLE_FILES.enrollment} not found; no sample dataset`);
    return;
  }
  const datasetId = 'ds-sample-hlj-2026';
  await store.createDataset({ datasetId, name: '黑龙江省技工院校在校生 2026（样例）', fiscalYear: 2026, format: 'csv', fileName: 'enrollment-hlj-2026.csv', createdBy: SEED_AUTHOR, createdAt: at });
  const { fence } = await store.putPart(datasetId, 1, bytes);
  const read = await readEnrollment(bytes, { format: 'csv' });
  await store.sealDataset(datasetId, { lines: read.lines, problems: read.problems, contentHash: read.hash, bytes: bytes.length }, SEED_AUTHOR, at, fence);
  await store.appendAudit({ at, action: 'dataset.seal', actor: SEED_AUTHOR, subject: datasetId, details: { seeded: true, lines: read.lines.length } });
  log(`seed: dataset ${datasetId} sealed (${read.lines.length} lines, ${read.problems.length} problems)`);
}

/**
 * For `skillfund serve` only: one approved run of the sample (created by 张会计, approved by 李复核, budget
 * capped) so that a newcomer signing in as a school sees a statement straight away. Tests start without it.
 */
export async function seedApprovedDemoRun(ctx: AppContext, log: (line: string) => void): Promise<void> {
  const creator: Caller = { userId: '张会计', subject: '张会计', name: '张会计', role: 'finance' };
  const approver: Caller = { userId: '李复核', subject: '李复核', name: '李复核', role: 'finance' };
  const ruleSets = await ctx.store.listRuleSets({ limit: 1 }).catch(() => undefined);
  const ruleSetId = ruleSets?.items[0]?.ruleSetId;
  if (!ruleSetId) return;
  const { header } = await createRun(ctx, creator, {
    ruleSetId,
    version: 1,
    datasetId: 'ds-sample-hlj-2026',
    fiscalYear: 2026,
    envelope: { policy: 'cap', budget: '2000000000.00' },
    excludeInvalid: false,
  });
  const { header: approved } = await decideRun(ctx, approver, header.runId, 'approve', { comment: '演示数据：复核无误，同意拨付。' });
  log(`seed: demo run ${approved.runId} created by 张会计 and approved by 李复核 (budget 2,000,000,000.00, cap)`);
}

/** Two real school ids of the sample enrolment, for the demo school users. */
export async function sampleSchoolIds(root: string): Promise<string[]> {
  const bytes = await readFile(join(root, SAMPLE_FILES.enrollment)).catch(() => undefined);
  if (!bytes) return [];
  const read = await readEnrollment(bytes, { format: 'csv' });
  return [...new Set(read.lines.map((line) => line.schoolId))].sort().slice(0, 2);
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return text === undefined ? undefined : JSON.parse(text);
}

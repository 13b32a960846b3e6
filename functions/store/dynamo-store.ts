import { connect, type DynamoConfig, type DynamoConnection } from './client';
import * as audit from './audit';
import * as datasetChecks from './dataset-checks';
import * as datasets from './datasets';
import * as rulesets from './rulesets';
import * as outbox from './outbox';
import * as publish from './publish';
import * as decisions from './run-decisions';
import * as runClaims from './run-claims';
import * as runSchools from './run-school-reads';
import * as runs from './runs';
import * as simulations from './simulations';
import type { Store } from './types';

/** The DynamoDB Store: each method is one module function bound to one shared connection. */
export function createDynamoStore(config: DynamoConfig | DynamoConnection): Store & { connection: DynamoConnection } {
  const db = 'doc' in config ? config : connect(config);
  return {
    connection: db,
    listRuleSets: (page) => rulesets.listRuleSets(db, page),
    listVersions: (id, page) => rulesets.listVersions(db, id, page),
    getVersion: (id, version) => rulesets.getVersion(db, id, version),
    getLatestVersion: (id) => rulesets.getLatestVersion(db, id),
    createDraft: (draft) => rulesets.createDraft(db, draft),
    getDraft: (id, draftId) => rulesets.getDraft(db, id, draftId),
    listDrafts: (id, page) => rulesets.listDrafts(db, id, page),
    updateDraft: (input) => rulesets.updateDraft(db, input),
    submitDraft: (input) => rulesets.submitDraft(db, input),
    publishDraft: (input) => publish.publishDraft(db, input),

    createDataset: (header) => datasets.createDataset(db, header),
    getDataset: (id) => datasets.getDataset(db, id),
    listDatasets: (page) => datasets.listDatasets(db, page),
    putPart: (id, part, bytes) => datasets.putPart(db, id, part, bytes),
    readParts: (id) => datasets.readParts(db, id),
    sealDataset: (id, content, by, at, fence) => datasets.sealDataset(db, id, content, by, at, fence),
    readDatasetContent: (id) => datasets.readDatasetContent(db, id),
    readDatasetEnrollment: (id) => datasets.readDatasetEnrollment(db, id),
    putDatasetChecks: (id, checks) => datasetChecks.putDatasetChecks(db, id, checks),
    getDatasetChecks: (id) => datasetChecks.getDatasetChecks(db, id),

    createRunHeader: (header) => runs.createRunHeader(db, header),
    writeRunContent: (id, createdAt, content) => runs.writeRunContent(db, id, createdAt, content),
    claimRun: (header, now) => runClaims.claimRun(db, header, now),
    releaseRun: (id, writer) => runClaims.releaseRun(db, id, writer),
    fenceRunContent: (id, hash) => runClaims.fenceRunContent(db, id, hash),
    completeRun: (id, summary, at, hash, figures) => runs.completeRun(db, id, summary, at, hash, figures),
    queueRunJob: (id, at) => runs.queueRunJob(db, id, at),
    failRunJob: (id, error, at) => runs.failRunJob(db, id, error, at),
    requeueRunJob: (id, at) => runs.requeueRunJob(db, id, at),
    getRun: (id) => runs.getRun(db, id),
    findRunHeader: (id) => runs.findRunHeader(db, id),
    listRuns: (page) => runs.listRuns(db, page),
    listSchoolRuns: (schoolId, page) => runSchools.listSchoolRuns(db, schoolId, page),
    getRunHeaders: (ids) => runs.getRunHeaders(db, ids),
    listRunSchools: (id) => runSchools.listRunSchools(db, id),
    getRunSchool: (id, schoolId) => runSchools.getRunSchool(db, id, schoolId),
    readRunExcluded: (id) => runs.readRunExcluded(db, id),
    readRunSchools: (id) => runSchools.readRunSchools(db, id),
    decideRun: (input) => decisions.decideRun(db, input),
    getCurrentRun: (ruleSetId, fiscalYear) => decisions.getCurrentRun(db, ruleSetId, fiscalYear),
    getCurrentRuns: (series) => decisions.getCurrentRuns(db, series),

    appendAudit: (event) => audit.appendAudit(db, event),
    listAudit: (page, filter) => audit.listAudit(db, page, filter),

    putSimulation: (simulation) => simulations.putSimulation(db, simulation),
    getSimulation: (id, now) => simulations.getSimulation(db, id, now),

    appendOutbox: (event) => outbox.appendOutbox(db, event),
    listOutbox: (options) => outbox.listOutbox(db, options),
  };
}

import type * as z from 'zod';
import { langQuery, pageQuery } from './common';
import { auditExportQuery, auditPage, auditQuery } from './audit';
import { datasetPage, datasetSchema, partSchema, uploadBody, uploadedDatasetSchema, uploadQuery } from './datasets';
import {
  createDraftBody,
  diffQuery,
  diffSchema,
  draftPage,
  draftViewSchema,
  publishBody,
  rebaseBody,
  rebaseSchema,
  revisionBody,
  ruleSetPage,
  ruleSetVersionSchema,
  saveDraftBody,
  validationSchema,
  versionInfoSchema,
  versionPage,
} from './rulesets';
import { approveBody, exportQuery, returnBody, runBody, runDetailSchema, runPage, runQuery, runSchoolsPageSchema, runSchoolsQuery, runViewSchema, statementSchema, withdrawBody } from './runs';
import { attributionExportQuery, attributionQuery, attributionSchema } from './attribution';
import { candidatesSchema, planBody, planExportQuery, planQuery, planSchema, solutionBody, solutionSchema } from './planning';
import { candidatesBody, simulationAnswer, simulationBody, simulationSchoolsPageSchema, simulationSchoolsQuery } from './simulations';

/**
 * Every route's request and answer, keyed like the route table (functions/routes.ts): the handlers validate with
 * `query` and `body` (a test holds them to the very same schemas), and functions/openapi.ts writes the OpenAPI
 * document from this table and the routes.
 */
export interface Endpoint {
  /** One line, as the OpenAPI document's summary. */
  summary: string;
  description?: string;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body may instead be the file itself, with one of these content types. */
  rawBody?: string[];
  /** The answer: JSON of this schema, or a file of these content types. */
  response: z.ZodType | { file: string[] };
  /** The success status (200 unless said). */
  status?: 200 | 201;
  /** A second success status: 200 when an idempotent create finds the earlier one, 202 while a job is still working. */
  alsoStatus?: 200 | 201 | 202;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ENDPOINTS: Record<string, Endpoint> = {
  'GET /rulesets': { summary: 'Rule sets, a page at a time.', query: pageQuery, response: ruleSetPage },
  'GET /rulesets/{id}/versions': { summary: 'Published versions of a rule set (without their content).', query: pageQuery, response: versionPage },
  'GET /rulesets/{id}/versions/{version}': { summary: 'One published version with its rule set; `latest` or a number.', response: ruleSetVersionSchema },
  'GET /rulesets/{id}/diff': { summary: 'What changed between two versions, field by field.', query: diffQuery, response: diffSchema },
  'GET /rulesets/{id}/drafts': { summary: 'Drafts of a rule set (without their content).', query: pageQuery, response: draftPage },
  'POST /rulesets/{id}/drafts': {
    summary: 'A new draft from a published version (`fromVersion`, default latest) or from a whole rule set.',
    body: createDraftBody,
    response: draftViewSchema,
    status: 201,
  },
  'GET /rulesets/{id}/drafts/{draftId}': { summary: 'A draft with its problems, warnings and whether its base is still the latest version.', response: draftViewSchema },
  'PUT /rulesets/{id}/drafts/{draftId}': { summary: 'Saves the whole rule set at the revision read (a stale revision is 409).', body: saveDraftBody, response: draftViewSchema },
  'POST /rulesets/{id}/drafts/{draftId}/validate': { summary: 'Whether the draft would publish: problems at their JSON paths and plausibility warnings.', response: validationSchema },
  'POST /rulesets/{id}/drafts/{draftId}/submit': { summary: 'Marks the draft ready for a second person to publish.', body: revisionBody, response: draftViewSchema },
  'POST /rulesets/{id}/drafts/{draftId}/publish': {
    summary: 'Publishes exactly `revision` as a new version; not by anyone who edited it; each warning accepted by code.',
    body: publishBody,
    response: versionInfoSchema,
    status: 201,
  },
  'POST /rulesets/{id}/drafts/{draftId}/rebase': {
    summary: 'Replays a stale draft’s changes onto the latest version: a preview with conflicts field by field, or (`save: true`, every conflict resolved) a save at `revision` that moves the draft’s base to the latest version.',
    description: 'A rebase is an edit: whoever saves it becomes one of the draft’s editors (four-eyes). 409 `stale_revision` when the draft changed since `revision`, `rebase_not_needed` when its base is the latest version; 422 `rebase_unresolved` when a save leaves a conflict without a resolution.',
    body: rebaseBody,
    response: rebaseSchema,
  },

  'POST /datasets': {
    summary: 'A dataset: with content it is stored and sealed at once; without, it is open for parts.',
    body: uploadBody,
    rawBody: ['text/csv', XLSX, 'application/octet-stream'],
    query: uploadQuery,
    response: uploadedDatasetSchema,
    status: 201,
  },
  'POST /datasets/{id}/parts': { summary: 'One part (a consecutive byte range of the file); re-sending the same bytes is a no-op.', body: uploadBody, rawBody: ['application/octet-stream', 'text/csv', XLSX], query: uploadQuery, response: partSchema },
  'POST /datasets/{id}/seal': { summary: 'Joins the committed parts, reads the file and seals the dataset with every row problem.', response: uploadedDatasetSchema },
  'GET /datasets': { summary: 'Datasets, newest first.', query: pageQuery, response: datasetPage },
  'GET /datasets/{id}': { summary: 'A dataset with its enrolment warnings against the previous one of its series.', response: datasetSchema },

  'POST /runs': { summary: 'Computes and stores a run; idempotent on Idempotency-Key or `clientKey`.', body: runBody, response: runViewSchema, status: 201, alsoStatus: 200 },
  'GET /runs/{id}/status': {
    summary: 'Whether a run is computed: 202 while its job is still working, 200 once every school is stored.',
    description: 'A large run (over the size a request may compute inside API Gateway’s 29 s) is answered 202 by POST /runs and computed as a job; poll here.',
    response: runViewSchema,
    alsoStatus: 202,
  },
  'POST /runs/{id}/approve': { summary: 'Approves a run (not its creator); `supersedes` names the current run it replaces.', body: approveBody, response: runViewSchema },
  'POST /runs/{id}/return': { summary: 'Sends a run back with the reason (not its creator).', body: returnBody, response: runViewSchema },
  'POST /runs/{id}/withdraw': { summary: 'The creator takes back a run nobody has decided on.', body: withdrawBody, response: runViewSchema },
  'GET /runs': { summary: 'Runs, newest first (a school user: the runs of its school it may see).', query: pageQuery, response: runPage },
  'GET /runs/{id}': { summary: 'A run with its summary and state; with every school unless `?schools=none`.', query: runQuery, response: runDetailSchema },
  'GET /runs/{id}/schools': {
    summary: 'A run’s schools a page at a time: sorted, filtered by city and type, searched by code or name, on the server.',
    description: 'A school user gets its own school only. The cursor continues the same query; `offset` jumps to a position.',
    query: runSchoolsQuery,
    response: runSchoolsPageSchema,
  },
  'GET /runs/{id}/schools/{schoolId}': { summary: 'One school’s result with every line and its statement in words.', query: langQuery, response: statementSchema },
  'GET /runs/{id}/export': { summary: 'The whole run as CSV or XLSX.', query: exportQuery, response: { file: ['text/csv', XLSX] } },
  'GET /runs/{id}/attribution': {
    summary: 'Why the allocation changed (SPEC §9) against `against` (default: the previous approved run): totals, group views and a page of schools, or one school with its lines in words.',
    description: 'A school user sees its own school only, against its previous approved run; any other run or school is the same 404 as a missing one. 409 `run_not_complete` while the run is being written, `run_not_reproducible` when its inputs no longer give its result.',
    query: attributionQuery,
    response: attributionSchema,
  },
  'GET /runs/{id}/attribution/export': {
    summary: 'The attribution as a workbook with Chinese headers; refused (413) past 40,000 moved lines unless `lines=false`.',
    query: attributionExportQuery,
    response: { file: [XLSX] },
  },
  'GET /audit': { summary: 'The audit trail, newest first, filtered on the server.', query: auditQuery, response: auditPage },
  'GET /audit/export': { summary: 'The filtered audit trail as XLSX.', query: auditExportQuery, response: { file: [XLSX] } },

  'POST /simulations': {
    summary: 'A draft or inline rule set against a published version on a sealed dataset (SPEC §5).',
    description: 'Stores nothing, unless `firstPage` asks to keep the results for paging: then the answer carries `simulationId` and the first page of the school table, and the pages are readable (by the same user or an administrator) until `expiresAt`.',
    body: simulationBody,
    response: simulationAnswer,
  },
  'GET /simulations/{id}/schools': {
    summary: 'A stored simulation’s schools a page at a time: sorted, filtered by city and type, searched by code or name, on the server.',
    description: 'Only the user who ran the simulation, or an administrator, may read it; anyone else gets 404, as after it expired. The cursor continues the same query; `offset` jumps to a position.',
    query: simulationSchoolsQuery,
    response: simulationSchoolsPageSchema,
  },
  'POST /simulations/candidates': { summary: 'Up to four candidates against one base on the same dataset and envelope: totals, the seven effects, and every school with one column per candidate.', body: candidatesBody, response: candidatesSchema },
  'POST /solutions': {
    summary: 'The largest value of one parameter whose total stays within the budget (SPEC §8), with the rule set it gives and, unless `comparison: false`, its §5 comparison.',
    body: solutionBody,
    response: solutionSchema,
  },
  'POST /plans': {
    summary: 'A multi-year plan (SPEC §12), computed and never stored: each year’s allocation with protection carried from the year before.',
    description: 'The body is a plan file (`skillfund/plan@1`, `schema` may be left out) naming rule sets as `{ ruleSetId, version }`, `{ ruleSetId, draftId }` or inline, enrolments as `{ datasetId }` or projected, and the first year’s baseline as `{ runId }`.',
    query: planQuery,
    body: planBody,
    response: planSchema,
  },
  'POST /plans/export': { summary: 'The plan as a workbook (summary, a sheet per year, the trajectory) or CSV.', query: planExportQuery, body: planBody, response: { file: ['text/csv', XLSX] } },
};

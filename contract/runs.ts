import * as z from 'zod';
import type { Envelope } from '../domain/allocate';
import type { ExcludedFigures } from '../domain/excluded';
import type { Instalment } from '../domain/instalments';
import type { ExcludedLine, RunSummary, SchoolResult } from '../domain/result';
import type { RenderedStatement } from '../messages/statement-text';
import { envelopeSchema, idText, LIMITS, pageOf, SCHOOL_TABLE_MAX_LIMIT, schoolTablePage, schoolTableQuery, versionNumber } from './common';

/** Allocation runs (SPEC §4, §6): create, decide, read, page through their schools, statements. */

export const runBody = z.strictObject({
  ruleSetId: idText,
  version: versionNumber,
  datasetId: idText,
  fiscalYear: z.number().int().min(1900).max(9999),
  envelope: envelopeSchema,
  excludeInvalid: z.boolean().default(false),
  clientKey: z.string().trim().min(1).max(LIMITS.clientKey).optional().meta({ description: 'Idempotency key (or the Idempotency-Key header).' }),
  /** The payment schedule (SPEC §10): `[{ label, share, due? }]`, shares > 0 adding up to exactly 1. */
  instalments: z.unknown().optional().meta({ description: 'The payment schedule (SPEC §10): [{ label, share, due? }], shares adding up to 1.' }),
  baselineRunId: idText.optional().meta({ description: 'Last year’s result for year-on-year protection (SPEC §7): an approved, current run of this rule set and an earlier fiscal year; anything else is 422 at body.baselineRunId with the reason.' }),
});
export type RunBody = z.input<typeof runBody>;

/** A comment or reason: what the approver, returner or withdrawer writes for the record. */
const commentText = z.string().trim().min(1, 'must not be empty').max(2000);
export const approveBody = z
  .strictObject({ comment: commentText.optional(), supersedes: idText.optional().meta({ description: 'The current run this approval replaces (then `comment` is the reason).' }) })
  .optional()
  .default({})
  .superRefine((body, issues) => {
    if (body.supersedes !== undefined && !body.comment) issues.addIssue({ code: 'custom', path: ['comment'], message: 'a reason is required when superseding the current run' });
  });
export const returnBody = z.strictObject({ comment: commentText });
export const withdrawBody = z.strictObject({ comment: commentText.optional() }).optional().default({});

export const runStateSchema = z.enum(['review', 'approved', 'superseded', 'returned', 'withdrawn']);
export type RunState = z.output<typeof runStateSchema>;
const decision = z.looseObject({ by: z.string(), at: z.string(), comment: z.string().optional() });
export type Decision = z.output<typeof decision>;

export const runRequestSchema = z.looseObject({
  ruleSetId: z.string(),
  version: z.number().int(),
  datasetId: z.string(),
  fiscalYear: z.number().int(),
  envelope: z.custom<Envelope>().meta({ type: 'object', description: '{ policy, budget? }' }),
  excludeInvalid: z.boolean(),
  instalments: z.custom<Instalment[]>().optional().meta({ type: 'array' }),
});
const runSummary = z.custom<RunSummary>().meta({ type: 'object', description: 'SPEC §4 summary: rule set, enrolment, envelope, rounding, scale factor, totals, counts, warnings (coded), protection and instalments.' });

/** A run as the API shows it: its state, whether it is the current run of its rule set and year, and the decisions. */
export const runViewSchema = z.looseObject({
  runId: z.string(),
  status: z.enum(['pending', 'complete']),
  lifecycle: runStateSchema,
  current: z.boolean(),
  currentRunId: z.string().optional(),
  approved: z.boolean(),
  request: runRequestSchema,
  createdBy: z.string(),
  createdAt: z.string(),
  completedAt: z.string().optional(),
  approvedBy: z.string().optional(),
  approvedAt: z.string().optional(),
  approval: decision.extend({ supersedes: z.string().optional() }).optional(),
  returned: decision.optional(),
  withdrawn: decision.optional(),
  supersededBy: z.looseObject({ runId: z.string(), at: z.string(), by: z.string(), comment: z.string().optional() }).optional(),
  pending: decision.extend({ action: z.string() }).optional(),
  excludedFigures: z.custom<ExcludedFigures>().optional().meta({ type: 'object', description: 'What the excluded lines would have been entitled to.' }),
  summary: runSummary.optional(),
});
export type RunView = z.output<typeof runViewSchema>;

/** A school's figures without its lines (what the run page's table shows). */
export const schoolSummarySchema = z.custom<Omit<SchoolResult, 'lines'> & { lineCount: number }>().meta({
  type: 'object',
  description: 'A school of the run without its lines: schoolId, schoolName, schoolType, ownership, city?, eligible, reason?, students, entitlement, allocation (decimal strings), protection?, lineCount.',
});
export type SchoolSummary = z.output<typeof schoolSummarySchema>;
const excludedLine = z.custom<ExcludedLine>().meta({ type: 'object', description: 'A line the run left out, with its coded problems.' });

/** `?schools=none` leaves the school list out: the run page pages through GET /runs/{id}/schools instead. */
export const runQuery = z.object({ schools: z.enum(['all', 'none']).default('all').meta({ description: 'all (default): every school without lines; none: leave them out (use GET /runs/{id}/schools).' }) });
export const runDetailSchema = runViewSchema.extend({
  schools: z.array(schoolSummarySchema).optional().meta({ description: 'Every school (a school user: its own); absent with ?schools=none.' }),
  excluded: z.array(excludedLine).optional(),
  excludedCount: z.number().int().optional(),
});
export type RunDetail = z.output<typeof runDetailSchema>;

export const RUN_SCHOOL_SORT_KEYS = ['schoolId', 'schoolName', 'city', 'schoolType', 'students', 'entitlement', 'allocation', 'bound'] as const;
export type RunSchoolSortKey = (typeof RUN_SCHOOL_SORT_KEYS)[number];
/** The longest page: a national run is 3,000 schools, ~250 bytes each without lines. */
export const RUN_SCHOOLS_MAX_LIMIT = SCHOOL_TABLE_MAX_LIMIT;

/** `GET /runs/{id}/schools`: sorted, filtered and searched on the server, a page at a time. */
export const runSchoolsQuery = schoolTableQuery(
  RUN_SCHOOL_SORT_KEYS,
  'schoolId',
  'Money and counts sort by value, exactly; `bound` puts schools held at no bound first, then at their cap, then at their floor; ties by schoolId in the same order.',
).extend({
  bound: z.enum(['floor', 'cap']).optional().meta({ description: 'Only schools held at their floor (保底) or cap (封顶) by protection (SPEC §12).' }),
});
export type RunSchoolsQuery = z.input<typeof runSchoolsQuery>;

export const runSchoolsPageSchema = schoolTablePage(schoolSummarySchema, RUN_SCHOOL_SORT_KEYS).extend({
  totals: z.looseObject({ students: z.string(), entitlement: z.string(), allocation: z.string() }).meta({ description: 'Sums over every matching school (not only this page), exact decimal strings.' }),
});
export type RunSchoolsPage = z.output<typeof runSchoolsPageSchema>;

/** A school's figures with the engine's own statement: every line in words and the policy basis. */
export const statementSchema = z.looseObject({
  runId: z.string(),
  approved: z.boolean(),
  lifecycle: runStateSchema,
  current: z.boolean(),
  approval: decision.extend({ supersedes: z.string().optional() }).optional(),
  supersededBy: z.looseObject({ runId: z.string(), at: z.string(), by: z.string(), comment: z.string().optional() }).optional(),
  instalments: z.array(z.looseObject({ label: z.string(), due: z.string().optional(), amount: z.string() })).optional().meta({ description: 'This school’s share of each instalment of the payment schedule.' }),
  school: z.custom<SchoolResult>().meta({ type: 'object', description: 'The school with every line (SPEC §4).' }),
  statement: z.custom<RenderedStatement>().meta({ type: 'object', description: 'The statement in words, line by line, with the policy basis.' }),
  text: z.string(),
});
export type Statement = z.output<typeof statementSchema>;

export const exportQuery = z.object({
  lang: z.enum(['zh', 'en']).default('zh'),
  format: z.enum(['csv', 'xlsx']).default('csv'),
});

export const runPage = pageOf(runViewSchema);

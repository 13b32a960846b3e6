import * as z from 'zod';
import { SCHOOL_TYPES } from '../domain/labels';
import type { Coded, MessageParams } from '../domain/problems';

/**
 * What every part of the API contract shares: the bounds on free-form values, ids, versions, pages, envelopes and
 * the error body. The handlers validate with these schemas and the OpenAPI document (functions/openapi.ts) is made
 * from them; the console takes only their types (`import type`), so zod never reaches its bundle.
 */

/**
 * Every free-form value a request carries has a bound, so nothing a caller sends can make an item too large to
 * store (a 500) or bloat every listing it appears in.
 */
export const LIMITS = {
  /** Whole digits of a budget in yuan: 10^20 yuan is far above any budget. */
  budgetDigits: 20,
  /** A cursor this API hands out is a base64url key of at most a few hundred characters. */
  cursor: 2048,
  /** Published versions and draft revisions are counted from 1; the keys pad versions to six digits. */
  version: 999_999,
  revision: 1_000_000_000,
  /** Idempotency keys (header or body). */
  clientKey: 200,
  name: 200,
  fileName: 255,
  changeNote: 2000,
} as const;

/** `?limit&cursor` on every list endpoint. */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).optional().meta({ description: 'Items per page (default depends on the list).' }),
  cursor: z.string().min(1).max(LIMITS.cursor).optional().meta({ description: 'The `cursor` of the previous page, as returned.' }),
});

/** A page of a list: `cursor` is there when more items follow. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.looseObject({ items: z.array(item), cursor: z.string().optional().meta({ description: 'Pass as `?cursor=` for the next page; absent on the last page.' }) });
}

/** The longest page of a school table: a national run is 3,000 schools, ~250 bytes each without lines. */
export const SCHOOL_TABLE_MAX_LIMIT = 500;

/**
 * `?sort&order&q&city&type&cursor&offset&limit` of a school table sorted, filtered and searched on the server (a run's
 * schools, a stored simulation's): the same query, paged by the same code (functions/app/table-page.ts).
 */
export function schoolTableQuery<const K extends readonly [string, ...string[]]>(sortKeys: K, defaultSort: K[number], sortDescription: string) {
  return z.object({
    sort: z.enum(sortKeys).default(defaultSort as never).meta({ description: sortDescription }),
    order: z.enum(['asc', 'desc']).default('asc'),
    q: z.string().trim().max(100).optional().meta({ description: 'Part of the school’s code or name (case-insensitive).' }),
    city: z.string().trim().min(1).max(100).optional().meta({ description: 'Only schools of this city (as the enrolment file names it).' }),
    type: z.enum(SCHOOL_TYPES).optional().meta({ description: 'Only schools of this type.' }),
    cursor: z.string().min(1).max(LIMITS.cursor).optional().meta({ description: 'The `cursor` of the previous page: the next page of the same query.' }),
    offset: z.coerce.number().int().min(0).max(10_000_000).optional().meta({ description: 'Start at this position of the sorted, filtered list (to jump to a page); ignored with a cursor.' }),
    limit: z.coerce.number().int().min(1).max(SCHOOL_TABLE_MAX_LIMIT).default(50),
  });
}

/** What every page of a school table says besides its rows: where it is, in which order, and the whole table's facets. */
export function schoolTablePage<T extends z.ZodType, K extends readonly [string, ...string[]]>(item: T, sortKeys: K) {
  return z.looseObject({
    items: z.array(item),
    /** Schools matching the filters and search (all of them without any). */
    total: z.number().int(),
    offset: z.number().int(),
    limit: z.number().int(),
    sort: z.enum(sortKeys),
    order: z.enum(['asc', 'desc']),
    cursor: z.string().optional().meta({ description: 'The next page of the same query; absent on the last page.' }),
    facets: z.looseObject({ cities: z.array(z.string()), schoolTypes: z.array(z.string()) }).meta({ description: 'The cities and school types of the whole table, for filters.' }),
  });
}

const BUDGET_TEXT = new RegExp(`^\\d{1,${LIMITS.budgetDigits}}(\\.\\d{1,${LIMITS.budgetDigits}})?$`);
const budgetMessage = `a budget is a decimal number of yuan ≥ 0 with at most ${LIMITS.budgetDigits} digits before the decimal point, e.g. "90000000" or "90000000.00"`;
/** A budget in yuan: a decimal string (or a JSON number the body scan let through) of at most 20 whole digits. */
const budget = z.union(
  [
    z.string().trim().max(2 * LIMITS.budgetDigits + 1, budgetMessage).regex(BUDGET_TEXT, budgetMessage),
    z.number().nonnegative(budgetMessage).lt(10 ** LIMITS.budgetDigits, budgetMessage).transform((value) => String(value)),
  ],
  { message: budgetMessage },
);
/** SPEC §3's envelope: `none` pays entitlements, `cap` scales down to the budget, `exact` scales to it. */
export const envelopeSchema = z
  .strictObject({
    policy: z.enum(['none', 'cap', 'exact']),
    budget: budget.optional().meta({ description: 'Yuan, as a decimal string; required for cap and exact.' }),
  })
  .meta({ description: 'SPEC §3: the budget constraint (预算约束).' });

export const versionNumber = z.number().int().min(1).max(LIMITS.version);
export const versionRef = z.union([z.literal('latest'), z.coerce.number().int().min(1).max(LIMITS.version)]);
export const revisionNumber = z.number().int().min(1).max(LIMITS.revision);
export const changeNote = z.string().max(LIMITS.changeNote);

export const langQuery = z.object({ lang: z.enum(['zh', 'en']).default('zh').meta({ description: 'Language of texts in the answer (default zh).' }) });

/** A user-chosen id: safe in keys, URLs and file names. */
export const idText = z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'use letters, digits, ".", "_" or "-" (at most 100)');

/** A catalogue code with its parameters (messages/): what the domain says, in no language. */
export const codedSchema = z.custom<Coded>().meta({ type: 'object', description: 'A message as a catalogue code (`code`) with its parameters (`params`).', properties: { code: { type: 'string' }, params: { type: 'object' } }, required: ['code'] });
export type MessageParamsOut = MessageParams;

/** A problem at a JSON path, with its code and parameters and the text rendered in the request's language. */
export const problemSchema = z.looseObject({
  path: z.string(),
  code: z.string().optional(),
  params: z.custom<MessageParams>().optional().meta({ type: 'object' }),
  message: z.string(),
});
export type ProblemView = z.output<typeof problemSchema>;

/** Every refusal: `{ error: { code, message, messageCode?, params?, details } }`, never a stack. */
export const errorSchema = z.object({
  error: z.looseObject({
    code: z.string().meta({ description: 'Stable API code: invalid_request, stale_revision, same_person, run_not_found …' }),
    message: z.string().meta({ description: 'In the language of Accept-Language (zh by default).' }),
    messageCode: z.string().optional().meta({ description: 'The catalogue code `message` was rendered from.' }),
    params: z.custom<MessageParams>().optional().meta({ type: 'object' }),
    details: z.array(problemSchema).optional(),
  }),
});

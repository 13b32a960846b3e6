import * as z from 'zod';
import { EFFECTS } from '../domain/attribution';
import { idText } from './common';

/** Why an allocation changed (SPEC §9): a run against an earlier one, paged on the server. */

export const SCHOOL_SORT_KEYS = ['schoolId', 'schoolName', 'baseAllocation', 'newAllocation', 'change', 'changePercent', ...EFFECTS] as const;
export type SchoolSortKey = (typeof SCHOOL_SORT_KEYS)[number];

/** `?q&sort&order&offset&limit` of the school table. */
export const schoolPageQuery = z.object({
  q: z.string().trim().max(100).optional().meta({ description: 'Part of a school’s code or name.' }),
  sort: z.enum(SCHOOL_SORT_KEYS).default('schoolId'),
  order: z.enum(['asc', 'desc']).default('asc'),
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export type SchoolPageQuery = z.output<typeof schoolPageQuery>;

const lang = z.enum(['zh', 'en']).optional();
const against = idText.optional().meta({ description: 'The run compared with (default: the previous approved run of the same rule set).' });

export const attributionQuery = schoolPageQuery.extend({
  against,
  school: idText.optional().meta({ description: 'This school alone, with its moved lines and their effects in words.' }),
  lang,
});

export const attributionExportQuery = z.object({ against, lang, lines: z.enum(['true', 'false']).default('true') });

const runRef = z.looseObject({ runId: z.string(), ruleSetId: z.string(), version: z.number().int(), fiscalYear: z.number().int() });

export const attributionSchema = z.looseObject({
  run: runRef,
  against: runRef.extend({ default: z.boolean() }),
  summary: z.custom<object>().optional().meta({ type: 'object', description: 'Both runs’ rule sets, enrolments and totals, with their warnings in words.' }),
  totals: z.custom<Record<string, string>>().optional().meta({ type: 'object', description: 'Base and new allocation, the change and the seven effects in yuan.' }),
  schools: z
    .looseObject({ total: z.number().int(), offset: z.number().int(), limit: z.number().int(), sort: z.enum(SCHOOL_SORT_KEYS), order: z.enum(['asc', 'desc']), items: z.array(z.looseObject({ schoolId: z.string() })) })
    .optional()
    .meta({ description: 'A page of the school table (without `school`).' }),
  school: z.looseObject({ schoolId: z.string(), lines: z.array(z.looseObject({})) }).optional().meta({ description: 'With `school`: that school’s row, its moved lines and its school effects in words.' }),
});

import * as z from 'zod';
import type { RowProblem } from '../domain/enrollment';
import type { EnrollmentWarning } from '../domain/enrollment-checks';
import { codedSchema, LIMITS, pageOf } from './common';

/** Enrolment datasets (SPEC §2): uploads in parts, seal, listing. */

/** Parts of one upload; a 6 MB request each, so up to 60 GB: far beyond any enrolment file. */
export const MAX_PART_NUMBER = 10_000;

/** The JSON form of an upload or a part (the raw file may be the body instead: see functions/README.md). */
export const uploadBody = z
  .strictObject({
    name: z.string().trim().min(1).max(LIMITS.name).optional(),
    fiscalYear: z.number().int().min(1900).max(9999).optional(),
    format: z.enum(['csv', 'xlsx', 'json']).optional(),
    fileName: z.string().max(LIMITS.fileName).optional(),
    partNumber: z.number().int().min(1).max(MAX_PART_NUMBER).optional(),
    contentBase64: z.string().optional(),
  })
  .optional();
export type UploadBody = z.output<typeof uploadBody>;
/** `?name&format&fileName&part` of a raw upload. */
export const uploadQuery = z.record(z.string(), z.string().optional());

const rowProblem = z.custom<RowProblem>().meta({ type: 'object', description: 'A problem of one row of the file: { row, column?, code, params, message }.' });
export const datasetHeaderSchema = z.looseObject({
  datasetId: z.string(),
  name: z.string(),
  fiscalYear: z.number().int().optional(),
  format: z.enum(['csv', 'xlsx', 'json']),
  fileName: z.string().optional(),
  status: z.enum(['open', 'sealed']),
  createdBy: z.string(),
  createdAt: z.string(),
  sealedBy: z.string().optional(),
  sealedAt: z.string().optional(),
  contentHash: z.string().optional(),
  bytes: z.number().int().optional(),
  lineCount: z.number().int().optional(),
  schoolCount: z.number().int().optional(),
  problemCount: z.number().int().optional(),
  problemSample: z.array(rowProblem).optional().meta({ description: 'The first problems; runs refuse a dataset with problems unless excludeInvalid.' }),
});
export type DatasetHeader = z.output<typeof datasetHeaderSchema>;

/** Enrolment warnings against the previous dataset of the same fiscal-year series (SPEC §11). */
export const datasetChecksSchema = z.looseObject({
  comparedWith: z.string().optional(),
  warningCount: z.number().int(),
  warnings: z.array(z.custom<EnrollmentWarning & { message: string }>().meta({ type: 'object', description: '{ code, params, message }' })),
});
export type DatasetChecksView = z.output<typeof datasetChecksSchema>;

export const datasetSchema = datasetHeaderSchema.extend({ checks: datasetChecksSchema.optional() });
/** The sealed dataset as the upload answers it: what the reader decided (sheet, header row) as coded notices. */
export const uploadedDatasetSchema = datasetSchema.extend({ notices: z.array(codedSchema).optional() });
export type UploadedDataset = z.output<typeof uploadedDatasetSchema>;
export const partSchema = z.looseObject({ datasetId: z.string(), partNumber: z.number().int(), bytes: z.number().int() });
export const datasetPage = pageOf(datasetHeaderSchema);

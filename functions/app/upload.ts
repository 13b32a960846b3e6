import { problemAt } from '../../domain/problems';
import * as z from 'zod';
import { badRequest } from '../http/errors';
import type { DatasetFormat } from '../store/types';

const RAW_TYPES: Record<string, DatasetFormat> = {
  'text/csv': 'csv',
  'text/plain': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export const uploadBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    fiscalYear: z.number().int().min(1900).max(9999).optional(),
    format: z.enum(['csv', 'xlsx', 'json']).optional(),
    fileName: z.string().max(255).optional(),
    partNumber: z.number().int().min(1).max(10_000).optional(),
    contentBase64: z.string().optional(),
  })
  .optional();
export type UploadBody = z.output<typeof uploadBody>;

export interface Upload {
  name?: string;
  fiscalYear?: number;
  format?: DatasetFormat;
  fileName?: string;
  partNumber?: number;
  bytes?: Uint8Array;
}

/**
 * An upload is either JSON `{ name, fiscalYear?, format, fileName?, partNumber?, contentBase64 }`, or the raw file
 * as the body with its Content-Type (text/csv, the XLSX type, or application/octet-stream plus a file name);
 * then name, format, part and file name come from `?name=&format=&part=&fileName=` or an `x-file-name` header.
 * A JSON enrolment file always goes wrapped in contentBase64, since a raw JSON body is the metadata form.
 */
export function readUpload(input: { body: UploadBody; bodyBytes?: Buffer; headers: Record<string, string | undefined>; query: Record<string, string | undefined> }): Upload {
  const contentType = (input.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  // The JSON middleware parsed the body (or there is none): the metadata form.
  if (input.body !== undefined || !input.bodyBytes?.length) {
    const body = input.body ?? {};
    const bytes = body.contentBase64 !== undefined ? decodeBase64(body.contentBase64) : undefined;
    return {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.fiscalYear !== undefined ? { fiscalYear: body.fiscalYear } : {}),
      ...(body.format !== undefined ? { format: body.format } : {}),
      ...(body.fileName !== undefined ? { fileName: body.fileName } : {}),
      ...(body.partNumber !== undefined ? { partNumber: body.partNumber } : {}),
      ...(bytes ? { bytes } : {}),
    };
  }
  const { query, headers } = input;
  const fileName = query.fileName ?? headers['x-file-name'];
  const format = (query.format as DatasetFormat | undefined) ?? RAW_TYPES[contentType] ?? formatOfName(fileName);
  if (format !== undefined && !['csv', 'xlsx', 'json'].includes(format)) throw badRequest(`format "${format}" is not csv, xlsx or json`, [problemAt('query.format', 'not_one_of', { values: ['csv', 'xlsx', 'json'] })]);
  const partNumber = query.part !== undefined ? Number(query.part) : undefined;
  if (partNumber !== undefined && !(Number.isInteger(partNumber) && partNumber >= 1)) throw badRequest('part must be a whole number ≥ 1', [problemAt('query.part', 'number_too_small', { minimum: '1' })]);
  const fiscalYear = query.fiscalYear !== undefined ? Number(query.fiscalYear) : undefined;
  return {
    ...(query.name ?? fileName ? { name: (query.name ?? fileName)! } : {}),
    ...(fiscalYear !== undefined && Number.isInteger(fiscalYear) ? { fiscalYear } : {}),
    ...(format ? { format } : {}),
    ...(fileName ? { fileName } : {}),
    ...(partNumber !== undefined ? { partNumber } : {}),
    bytes: input.bodyBytes ?? new Uint8Array(0),
  };
}

function formatOfName(fileName: string | undefined): DatasetFormat | undefined {
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return extension === 'xlsx' ? 'xlsx' : extension === 'json' ? 'json' : extension === 'csv' ? 'csv' : undefined;
}

function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw badRequest('contentBase64 is not base64', [problemAt('body.contentBase64', 'not_base64')]);
  return Buffer.from(text, 'base64');
}

import { coded, problemAt } from '../../domain/problems';
import * as z from 'zod';
import { badRequest } from '../http/errors';
import { LIMITS } from './schemas';
import type { DatasetFormat } from '../store/types';

const RAW_TYPES: Record<string, DatasetFormat> = {
  'text/csv': 'csv',
  'text/plain': 'csv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

/** Parts of one upload; a 6 MB request each, so up to 60 GB: far beyond any enrolment file. */
export const MAX_PART_NUMBER = 10_000;

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
  const fileName = bounded(query.fileName, 'query.fileName', LIMITS.fileName) ?? bounded(headers['x-file-name'], 'headers.x-file-name', LIMITS.fileName);
  const name = bounded(query.name?.trim(), 'query.name', LIMITS.name) ?? fileName?.slice(0, LIMITS.name);
  const format = (query.format as DatasetFormat | undefined) ?? RAW_TYPES[contentType] ?? formatOfName(fileName);
  if (format !== undefined && !['csv', 'xlsx', 'json'].includes(format)) throw badRequest(coded('upload_format_unknown', { format: format.slice(0, 20) }), [problemAt('query.format', 'not_one_of', { values: ['csv', 'xlsx', 'json'] })]);
  const partNumber = query.part !== undefined ? wholeNumber(query.part, 'query.part', 1, MAX_PART_NUMBER) : undefined;
  // A year that is not one is refused, not dropped: the dataset would otherwise carry no year and match any run.
  const fiscalYear = query.fiscalYear !== undefined ? wholeNumber(query.fiscalYear, 'query.fiscalYear', 1900, 9999) : undefined;
  return {
    ...(name ? { name } : {}),
    ...(fiscalYear !== undefined ? { fiscalYear } : {}),
    ...(format ? { format } : {}),
    ...(fileName ? { fileName } : {}),
    ...(partNumber !== undefined ? { partNumber } : {}),
    bytes: input.bodyBytes ?? new Uint8Array(0),
  };
}

function bounded(text: string | undefined, path: string, max: number): string | undefined {
  if (text !== undefined && text.length > max) throw badRequest(coded('field_too_long', { path, length: text.length, maximum: max }), [problemAt(path, 'text_too_long', { maximum: max })]);
  return text || undefined;
}

function wholeNumber(text: string, path: string, min: number, max: number): number {
  const value = /^\d{1,9}$/.test(text.trim()) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) throw badRequest(coded('query_not_whole_number', { path, min, max, value: text.slice(0, 20) }), [problemAt(path, 'whole_number_between', { min, max })]);
  return value;
}

function formatOfName(fileName: string | undefined): DatasetFormat | undefined {
  const extension = fileName?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  return extension === 'xlsx' ? 'xlsx' : extension === 'json' ? 'json' : extension === 'csv' ? 'csv' : undefined;
}

function decodeBase64(text: string): Uint8Array {
  if (!/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(text)) throw badRequest(coded('content_not_base64'), [problemAt('body.contentBase64', 'not_base64')]);
  return Buffer.from(text, 'base64');
}

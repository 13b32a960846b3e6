import { coded, problemAt, type Coded } from '../../domain/problems';
import * as z from 'zod';
import { detectFormat, readEnrollment, type ReadEnrollmentOutcome } from '../../formats/enrollment-reader';
import { audit } from '../app/audit';
import { checkSealedDataset, checksView } from '../app/dataset-checks';
import type { AppContext } from '../app/context';
import { rowDetails } from '../app/problems';
import { pageOf, pageQuery } from '../app/schemas';
import { readUpload, uploadBody } from '../app/upload';
import { badRequest, conflict, unprocessable } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import type { Caller } from '../http/types';
import type { DatasetFormat, DatasetHeader, PartsFence } from '../store/types';

const rawQuery = z.record(z.string(), z.string().optional());

export const datasetActions: Actions = {
  /** With content: stored as part 1 and sealed at once. Without: an open dataset that takes parts, then a seal. */
  'POST /datasets': action({
    body: uploadBody,
    query: rawQuery,
    run: async ({ ctx, caller, body, bodyBytes, headers, query }) => {
      const upload = readUpload({ body, ...(bodyBytes ? { bodyBytes } : {}), headers, query });
      if (!upload.name) throw badRequest(coded('dataset_name_required'), [problemAt('body.name', 'field_required')]);
      const format = upload.format ?? formatOf(upload.bytes, upload.fileName);
      // A one-request upload is read before anything is written, so a refused file leaves no dataset behind.
      const read = upload.bytes ? await readUsable(upload.bytes, format, upload.fileName) : undefined;
      const header = await ctx.store.createDataset({
        datasetId: ctx.newId('ds'),
        name: upload.name,
        format,
        createdBy: caller.userId,
        createdAt: ctx.now(),
        ...(upload.fiscalYear !== undefined ? { fiscalYear: upload.fiscalYear } : {}),
        ...(upload.fileName !== undefined ? { fileName: upload.fileName } : {}),
      });
      await audit(ctx, caller, 'dataset.create', header.datasetId, { name: header.name });
      if (!upload.bytes) return json(header, 201);
      const { fence } = await ctx.store.putPart(header.datasetId, 1, upload.bytes);
      return json(await seal(ctx, caller, header, read && { ...read, fence }), 201);
    },
  }),

  /** Parts are consecutive byte ranges of one file, joined in part-number order at seal. */
  'POST /datasets/{id}/parts': action({
    body: uploadBody,
    query: rawQuery,
    run: async ({ ctx, caller, params, body, bodyBytes, headers, query }) => {
      const upload = readUpload({ body, ...(bodyBytes ? { bodyBytes } : {}), headers, query });
      if (!upload.bytes?.length) throw badRequest(coded('part_empty'), [problemAt('body.contentBase64', 'field_required')]);
      if (upload.partNumber === undefined) throw badRequest(coded('part_number_required'), [problemAt('body.partNumber', 'field_required')]);
      const { partNumber, bytes } = await ctx.store.putPart(params.id!, upload.partNumber, upload.bytes);
      await audit(ctx, caller, 'dataset.part', params.id!, { partNumber, bytes });
      return json({ datasetId: params.id, partNumber, bytes });
    },
  }),

  'POST /datasets/{id}/seal': action({
    run: async ({ ctx, caller, params }) => json(await seal(ctx, caller, await ctx.store.getDataset(params.id!))),
  }),

  'GET /datasets': action({
    query: pageQuery,
    run: async ({ ctx, query }) => json(await ctx.store.listDatasets(pageOf(query))),
  }),

  /** The header, with its enrolment warnings against the previous dataset of its series once sealed. */
  'GET /datasets/{id}': action({
    run: async ({ ctx, params }) => {
      const [header, checks] = await Promise.all([ctx.store.getDataset(params.id!), ctx.store.getDatasetChecks(params.id!)]);
      return json({ ...header, ...(checks ? { checks: checksView(checks) } : {}) });
    },
  }),
};

/**
 * Parses the joined parts and seals the dataset with its lines, content hash and every row problem. A file with
 * row problems is still sealed (runs then refuse it unless excludeInvalid); a file that yields no line at all is
 * refused with 422 and stays open.
 */
async function seal(ctx: AppContext, caller: Caller, header: DatasetHeader, alreadyRead?: UsableRead & { fence: PartsFence }): Promise<DatasetHeader & { checks?: ReturnType<typeof checksView>; notices?: Coded[] }> {
  const read = alreadyRead ?? (await readCommittedParts(ctx, header));
  const sealed = await ctx.store.sealDataset(header.datasetId, { lines: read.lines, problems: read.problems, contentHash: read.hash, bytes: read.bytes }, caller.userId, ctx.now(), read.fence);
  await audit(ctx, caller, 'dataset.seal', header.datasetId, { contentHash: read.hash, lines: read.lines.length, problems: read.problems.length });
  const checks = await checkSealedDataset(ctx, sealed, read.lines);
  // Which sheet was read and which row was the header are told once, with the upload's answer; they are not stored.
  return { ...sealed, checks: checksView(checks), ...(read.notices.length ? { notices: read.notices } : {}) };
}

type UsableRead = ReadEnrollmentOutcome & { bytes: number };

async function readCommittedParts(ctx: AppContext, header: DatasetHeader): Promise<UsableRead & { fence: PartsFence }> {
  if (header.status === 'sealed') throw conflict('already_sealed', coded('dataset_already_sealed', { datasetId: header.datasetId }));
  const parts = await ctx.store.readParts(header.datasetId);
  return { ...(await readUsable(parts.bytes, header.format, header.fileName)), fence: parts.fence };
}

/** The file read, or 422 when it yields no line at all. */
async function readUsable(bytes: Uint8Array, format: DatasetFormat, fileName: string | undefined): Promise<UsableRead> {
  const read = await readEnrollment(bytes, { format, ...(fileName ? { fileName } : {}) });
  if (read.lines.length === 0) {
    throw unprocessable('unreadable_enrollment', coded('enrollment_unusable'), rowDetails(read.problems), read.problems.length);
  }
  return { ...read, bytes: bytes.length };
}

/** Without an explicit format: by file name, else by content (zip → XLSX, { or [ → JSON); parts default to CSV. */
function formatOf(bytes: Uint8Array | undefined, fileName: string | undefined): 'csv' | 'xlsx' | 'json' {
  const detected = detectFormat(bytes ?? new Uint8Array(0), fileName ? { fileName } : {});
  return typeof detected === 'string' ? detected : 'csv';
}

export const createDatasetsHandler = (options?: GroupOptions) => groupHandler('datasets', datasetActions, options);
export const handler = createDatasetsHandler();

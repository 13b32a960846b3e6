import * as z from 'zod';
import type { AllocationResult } from '../../domain/result';
import { resultToCsv, resultToXlsx } from '../../formats/result-writer';
import { visibleRun } from '../app/access';
import { langQuery } from '../app/schemas';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { file } from '../http/respond';
import { deliverable } from '../http/response-limit';

export const exportActions: Actions = {
  /** CSV (text) or XLSX (base64, isBase64Encoded) of the whole run. */
  'GET /runs/{id}/export': action({
    query: langQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }),
    run: async ({ ctx, caller, params, query }) => {
      const header = await visibleRun(ctx, caller, params.id!);
      const [schools, excluded] = await Promise.all([ctx.store.readRunSchools(header.runId), ctx.store.readRunExcluded(header.runId)]);
      const result: AllocationResult = { summary: header.summary!, schools, excluded };
      const base = `skillfund-${header.runId}`;
      const exported =
        query.format === 'xlsx'
          ? file(await resultToXlsx(result, query.lang), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`)
          : file(resultToCsv(result, query.lang), 'text/csv; charset=utf-8', `${base}.csv`);
      return deliverable(exported, 'response_too_large_export', process.env, undefined, { format: query.format.toUpperCase(), runId: header.runId });
    },
  }),
};

export const createExportsHandler = (options?: GroupOptions) => groupHandler('exports', exportActions, options);
export const handler = createExportsHandler();

import * as z from 'zod';
import { expandSchool } from '../../domain/result-form';
import { resultCsvPieces, resultToXlsx, type ResultSource } from '../../formats/result-writer';
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
      const [stored, excluded] = await Promise.all([ctx.store.readRunSchools(header.runId), ctx.store.readRunExcluded(header.runId)]);
      // The store keeps the compact form; each school is written out in full only as the export reaches it.
      const result: ResultSource = { summary: header.summary!, excluded, schools: () => stored.schools.map((school) => expandSchool(school, stored.standards)).values() };
      const base = `skillfund-${header.runId}`;
      const exported =
        query.format === 'xlsx'
          ? file(await resultToXlsx(result, query.lang), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`)
          : file([...resultCsvPieces(result, query.lang)].join(''), 'text/csv; charset=utf-8', `${base}.csv`);
      return deliverable(
        exported,
        `the ${query.format.toUpperCase()} export of run ${header.runId}`,
        'ask for CSV, which is smaller, or run `skillfund allocate --format csv|xlsx` on the same rule-set version and dataset',
      );
    },
  }),
};

export const createExportsHandler = (options?: GroupOptions) => groupHandler('exports', exportActions, options);
export const handler = createExportsHandler();

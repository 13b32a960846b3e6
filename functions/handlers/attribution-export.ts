import { attributionExportQuery } from '../../contract/attribution';
import { attributionToXlsx } from '../../formats/attribution-writer';
import { lineDescriber } from '../../messages/attribution-text';
import { attributionRuns, fitting, languageOf } from '../app/attribution-access';
import { coded } from '../../domain/problems';
import { attributeStoredRuns, refusal } from '../app/run-attribution';
import { action, type Actions } from '../http/group';
import { file } from '../http/respond';

/** In the exports Lambda, which carries the XLSX writer; the attribution's JSON routes stay without it. */

/**
 * A line takes ~104 bytes of XLSX (measured on the sample: 1,172 lines, 121 KB), ~140 once base64 on the wire: past
 * this many the workbook cannot fit Lambda's 6 MB, so it is refused before it is written (a national one has ~220k).
 */
export const EXPORT_LINES_MAX = 40_000;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const attributionExportActions: Actions = {
  /**
   * Why the allocation changed, as a workbook with Chinese headers (formats/attribution-writer.ts): the total as a
   * waterfall, every school with its seven effects, every moved line with its effects in words, the group views and
   * the schools most affected. `against` as for GET /runs/{id}/attribution; `lines=false` leaves the lines' sheet out
   * (a national attribution's would not fit the 6 MB an API answer may have).
   */
  'GET /runs/{id}/attribution/export': action({
    query: attributionExportQuery,
    run: async ({ ctx, caller, params, query, headers }) => {
      const lang = languageOf(query, headers);
      const { next, base } = await attributionRuns(ctx, caller, params.id!, query.against);
      const { attribution, baseRules, newRules } = await attributeStoredRuns(ctx, base, next);
      const withLines = query.lines === 'true';
      const lines = attribution.summary.linesAttributed;
      if (withLines && lines > EXPORT_LINES_MAX) throw refusal(413, 'response_too_large', coded('attribution_export_too_many_lines', { lines, maximum: EXPORT_LINES_MAX }));
      const bytes = await attributionToXlsx(attribution, lang, { describeLine: lineDescriber(baseRules, newRules), lines: withLines });
      return fitting(file(bytes, XLSX_TYPE, `skillfund-attribution-${next.runId}-vs-${base.runId}.xlsx`));
    },
  }),
};


import * as z from 'zod';
import { attributionToXlsx } from '../../formats/attribution-writer';
import { lineDescriber } from '../../messages/attribution-text';
import { attributionRuns, fitting, languageOf } from '../app/attribution-access';
import { attributeStoredRuns } from '../app/run-attribution';
import { idText } from '../app/schemas';
import { action, type Actions } from '../http/group';
import { file } from '../http/respond';

/** In the exports Lambda, which carries the XLSX writer; the attribution's JSON routes stay without it. */
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const attributionExportActions: Actions = {
  /**
   * Why the allocation changed, as a workbook with Chinese headers (formats/attribution-writer.ts): the total as a
   * waterfall, every school with its seven effects, every moved line with its effects in words, the group views and
   * the schools most affected. `against` as for GET /runs/{id}/attribution.
   */
  'GET /runs/{id}/attribution/export': action({
    query: z.object({ against: idText.optional(), lang: z.enum(['zh', 'en']).optional() }),
    run: async ({ ctx, caller, params, query, headers }) => {
      const lang = languageOf(query, headers);
      const { next, base } = await attributionRuns(ctx, caller, params.id!, query.against);
      const { attribution, baseRules, newRules } = await attributeStoredRuns(ctx, base, next);
      const bytes = await attributionToXlsx(attribution, lang, { describeLine: lineDescriber(baseRules, newRules) });
      return fitting(file(bytes, XLSX_TYPE, `skillfund-attribution-${next.runId}-vs-${base.runId}.xlsx`));
    },
  }),
};


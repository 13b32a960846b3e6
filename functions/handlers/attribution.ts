import { attributionQuery } from '../../contract/attribution';
import type { Lang } from '../../messages/index';
import { attributionRuns, fitting, languageOf, runNotFound, runRef } from '../app/attribution-access';
import { attributionOverview, findSchool, schoolDetail, schoolPage } from '../app/attribution-views';
import { attributeStoredRuns, refusal } from '../app/run-attribution';
import { action, type Actions } from '../http/group';
import { json } from '../http/respond';

export const attributionActions: Actions = {
  /**
   * Why the allocation changed (SPEC §9) from `against` (default: the previous approved run, app/previous-run.ts) to
   * this run. Finance and admin: the totals, group views and a page of the school table (`q`, `sort`, `order`,
   * `offset`, `limit`), or with `school` that school's lines in words. A school user: its own school only, against
   * its previous approved run; any other run or school is the same 404 as a missing one.
   */
  'GET /runs/{id}/attribution': action({
    query: attributionQuery,
    run: async ({ ctx, caller, params, query, headers }) => {
      const lang = languageOf(query, headers);
      const isSchool = caller.role === 'school';
      if (isSchool && query.school !== undefined && query.school !== caller.schoolId) throw runNotFound(params.id!);
      const { next, base, previous } = await attributionRuns(ctx, caller, params.id!, query.against);
      const { attribution, baseRules, newRules } = await attributeStoredRuns(ctx, base, next);
      const refs = { run: runRef(next), against: { ...runRef(base), default: base.runId === previous?.runId } };
      const schoolId = isSchool ? caller.schoolId! : query.school;
      if (schoolId !== undefined) {
        const school = findSchool(attribution.schools, schoolId);
        if (!school) throw refusal(404, 'not_found', { code: 'attribution_school_not_in_runs', params: { runId: next.runId, against: base.runId, schoolId } });
        return fitting(json({ ...refs, school: schoolDetail(school, baseRules, newRules, lang) }));
      }
      return fitting(json({ ...refs, ...attributionOverview(attribution, lang), schools: schoolPage(attribution.schools, query) }));
    },
  }),
};

import { explainSchool } from '../../domain/explain';
import { splitAllocation, type Instalment } from '../../domain/instalments';
import { renderStatement, statementText } from '../../messages/statement-text';
import { expandSchool, schoolWithItsStandards } from '../../domain/result-form';
import { assertSchoolVisible, visibleRun } from '../app/access';
import { runView, standingsOf } from '../app/run-views';
import { visibleToSchools } from '../store/run-lifecycle';
import { runEnvelopeScaled } from '../app/school-summaries';
import { auditFilterOf, langQuery, pageOf, pageQuery } from '../app/schemas';
import { auditQuery } from '../../contract/audit';
import { runQuery, runSchoolsQuery } from '../../contract/runs';
import { runSchoolsPage } from '../app/run-school-pages';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import { NotFoundError } from '../store/errors';

/** A school's share of each instalment of the run's payment schedule (SPEC §13: `label`, `amount`). */
function scheduleOf(allocation: string, scale: number, schedule: Instalment[]) {
  const amounts = splitAllocation(allocation, scale, schedule);
  return schedule.map((instalment, i) => ({ label: instalment.label, ...(instalment.due ? { due: instalment.due } : {}), amount: amounts[i]! }));
}

/** Enough for the approver to read through; the export has every excluded line. */
const EXCLUDED_SHOWN = 1000;

export const reportActions: Actions = {
  /**
   * Finance/policy/admin: every complete run, newest first, each with its state. School: the current run and the
   * runs it superseded (marked so), of the runs that include its school.
   */
  'GET /runs': action({
    query: pageQuery,
    run: async ({ ctx, caller, query }) => {
      if (caller.role !== 'school') {
        const page = await ctx.store.listRuns(pageOf(query));
        const standings = await standingsOf(ctx, page.items);
        return json({ ...page, items: page.items.map((h) => runView(h, standings.get(h.runId))) });
      }
      const refs = await ctx.store.listSchoolRuns(caller.schoolId!, pageOf(query));
      const headers = (await ctx.store.getRunHeaders(refs.items.map((ref) => ref.runId))).filter((h) => h.status === 'complete');
      const standings = await standingsOf(ctx, headers);
      const items = headers.filter((h) => visibleToSchools(standings.get(h.runId)!.lifecycle)).map((h) => runView(h, standings.get(h.runId)));
      return json({ items, ...(refs.cursor ? { cursor: refs.cursor } : {}) });
    },
  }),

  /**
   * The run with every school's figures (a school user: only its own row); lines come with the statement. Others
   * also get the lines the run excluded (the first EXCLUDED_SHOWN, with the count), which the approver must see.
   * `?schools=none` leaves the schools out: pages of them come from GET /runs/{id}/schools.
   */
  'GET /runs/{id}': action({
    query: runQuery,
    run: async ({ ctx, caller, params, query }) => {
      const header = await visibleRun(ctx, caller, params.id!);
      const view = runView(header, header.standing);
      const withSchools = query.schools === 'all';
      if (caller.role === 'school') {
        if (!withSchools) return json(view);
        const schools = await ctx.store.listRunSchools(header.runId);
        return json({ ...view, schools: schools.filter((s) => s.schoolId === caller.schoolId) });
      }
      const [schools, excluded] = await Promise.all([withSchools ? ctx.store.listRunSchools(header.runId) : undefined, ctx.store.readRunExcluded(header.runId)]);
      return json({ ...view, ...(schools ? { schools } : {}), excluded: excluded.slice(0, EXCLUDED_SHOWN), excludedCount: excluded.length });
    },
  }),

  /** A page of the run's schools, sorted, filtered and searched on the server (a school user: its own school). */
  'GET /runs/{id}/schools': action({
    query: runSchoolsQuery,
    run: async ({ ctx, caller, params, query }) => json(await runSchoolsPage(ctx.store, await visibleRun(ctx, caller, params.id!), caller, query)),
  }),

  /** One school's result with its lines and the statement explaining every figure (zh or en). */
  'GET /runs/{id}/schools/{schoolId}': action({
    query: langQuery,
    run: async ({ ctx, caller, params, query }) => {
      assertSchoolVisible(caller, params.id!, params.schoolId!);
      const header = await visibleRun(ctx, caller, params.id!);
      const [stored, scaled, version] = await Promise.all([
        ctx.store.getRunSchool(header.runId, params.schoolId!),
        runEnvelopeScaled(ctx.store, header),
        ctx.store.getVersion(header.request.ruleSetId, header.request.version).catch((error) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }),
      ]);
      const school = expandSchool(stored.schools[0]!, stored.standards);
      const statement = explainSchool(header.summary!, school, scaled, version?.ruleSet);
      const view = runView(header, header.standing);
      const schedule = header.summary?.instalments;
      return json({
        ...(schedule ? { instalments: scheduleOf(school.allocation, header.summary!.rounding.scale, schedule) } : {}),
        runId: header.runId,
        approved: view.approved,
        lifecycle: view.lifecycle,
        current: view.current,
        ...(view.approval ? { approval: view.approval } : {}),
        ...(view.supersededBy ? { supersededBy: view.supersededBy } : {}),
        // The school in SPEC §4's compact form, with the derivations its own lines use.
        ...schoolWithItsStandards(school),
        statement: renderStatement(statement, query.lang),
        text: statementText(statement, query.lang),
      });
    },
  }),

  /** The append-only trail, newest first, filtered on the server by action (prefix), person, subject and days. */
  'GET /audit': action({
    query: auditQuery,
    run: async ({ ctx, query }) => json(await ctx.store.listAudit(pageOf(query), auditFilterOf(query))),
  }),
};

export const createReportsHandler = (options?: GroupOptions) => groupHandler('reports', reportActions, options);
export const handler = createReportsHandler();

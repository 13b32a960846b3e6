import * as z from 'zod';
import { explainStatement } from '../../domain/explain';
import { renderStatement, statementText } from '../../messages/statement-text';
import type { AllocationResult } from '../../domain/result';
import { expandSchool, schoolWithItsStandards } from '../../domain/result-form';
import { assertSchoolVisible, visibleRun } from '../app/access';
import { runView } from '../app/runs';
import { runSchoolSummaries } from '../app/school-summaries';
import { langQuery, pageOf, pageQuery } from '../app/schemas';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import { NotFoundError } from '../store/errors';

export const reportActions: Actions = {
  /** Finance/policy/admin: every complete run, newest first. School: approved runs that include its school. */
  'GET /runs': action({
    query: pageQuery,
    run: async ({ ctx, caller, query }) => {
      if (caller.role !== 'school') {
        const page = await ctx.store.listRuns(pageOf(query));
        return json({ ...page, items: page.items.map(runView) });
      }
      const refs = await ctx.store.listSchoolRuns(caller.schoolId!, pageOf(query));
      const headers = await ctx.store.getRunHeaders(refs.items.map((ref) => ref.runId));
      const items = headers.filter((h) => h.status === 'complete' && h.approvedBy).map(runView);
      return json({ items, ...(refs.cursor ? { cursor: refs.cursor } : {}) });
    },
  }),

  /** The run with every school's figures (a school user: only its own row); lines come with the statement. */
  'GET /runs/{id}': action({
    run: async ({ ctx, caller, params }) => {
      const header = await visibleRun(ctx, caller, params.id!);
      const schools = await ctx.store.listRunSchools(header.runId);
      return json({ ...runView(header), schools: caller.role === 'school' ? schools.filter((s) => s.schoolId === caller.schoolId) : schools });
    },
  }),

  /** One school's result with its lines and the statement explaining every figure (zh or en). */
  'GET /runs/{id}/schools/{schoolId}': action({
    query: langQuery,
    run: async ({ ctx, caller, params, query }) => {
      assertSchoolVisible(caller, params.id!, params.schoolId!);
      const header = await visibleRun(ctx, caller, params.id!);
      const [stored, summaries, version] = await Promise.all([
        ctx.store.getRunSchool(header.runId, params.schoolId!),
        runSchoolSummaries(ctx.store, header),
        ctx.store.getVersion(header.request.ruleSetId, header.request.version).catch((error) => {
          if (error instanceof NotFoundError) return undefined;
          throw error;
        }),
      ]);
      const school = expandSchool(stored.schools[0]!, stored.standards);
      // Every school's figures (without lines) let the statement tell whether the envelope scaled the run.
      const result: AllocationResult = {
        summary: header.summary!,
        schools: summaries.map((s) => (s.schoolId === school.schoolId ? school : { ...s, lines: [] })),
        excluded: [],
      };
      const statement = explainStatement(result, school.schoolId, version?.ruleSet)!;
      return json({
        runId: header.runId,
        approved: header.approvedBy !== undefined,
        // The school in SPEC §4's compact form, with the derivations its own lines use.
        ...schoolWithItsStandards(school),
        statement: renderStatement(statement, query.lang),
        text: statementText(statement, query.lang),
      });
    },
  }),

  /** The append-only trail, newest first. */
  'GET /audit': action({
    query: pageQuery,
    run: async ({ ctx, query }) => json(await ctx.store.listAudit(pageOf(query))),
  }),
};

export const createReportsHandler = (options?: GroupOptions) => groupHandler('reports', reportActions, options);
export const handler = createReportsHandler();

import { coded, problemAt } from '../../domain/problems';
import { validateInstalments } from '../../domain/instalments';
import { withText } from '../app/drafts';
import { prefixed } from '../app/problems';
import { decideRun } from '../app/decisions';
import { envelopeOf } from '../app/loaders';
import { createRun } from '../app/runs';
import { runView, standingOf } from '../app/run-views';
import type { AppContext } from '../app/context';
import { LIMITS } from '../app/schemas';
import { approveBody, returnBody, runBody, withdrawBody } from '../../contract/runs';
import { badRequest, notFound } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import type { RunHeader } from '../store/types';

export const runActions: Actions = {
  /** Idempotent on `Idempotency-Key` (or body `clientKey`): 201 when made now, 200 when an earlier request made it. */
  'POST /runs': action({
    body: runBody,
    run: async ({ ctx, caller, body, headers }) => {
      const headerKey = headers['idempotency-key']?.trim();
      if (headerKey && headerKey.length > LIMITS.clientKey) {
        throw badRequest(coded('field_too_long', { path: 'headers.idempotency-key', length: headerKey.length, maximum: LIMITS.clientKey }), [problemAt('headers.idempotency-key', 'text_too_long', { maximum: LIMITS.clientKey })]);
      }
      if (headerKey && body.clientKey && headerKey !== body.clientKey) {
        throw badRequest(coded('idempotency_key_mismatch'), [problemAt('body.clientKey', 'must_equal_idempotency_key')]);
      }
      const clientKey = headerKey || body.clientKey;
      const instalments = body.instalments === undefined ? undefined : validateInstalments(body.instalments);
      if (instalments && !instalments.ok) throw badRequest(coded('instalments_invalid'), prefixed('body.instalments', instalments.problems.map(withText)));
      const { header, created, queued } = await createRun(
        ctx,
        caller,
        {
          ruleSetId: body.ruleSetId,
          version: body.version,
          datasetId: body.datasetId,
          fiscalYear: body.fiscalYear,
          envelope: envelopeOf(body.envelope),
          excludeInvalid: body.excludeInvalid,
          ...(instalments?.ok ? { instalments: instalments.instalments } : {}),
          ...(body.baselineRunId !== undefined ? { baselineRunId: body.baselineRunId } : {}),
        },
        clientKey,
      );
      // A run computed as a job answers 202 until it is complete; its status is at the Location (or this POST again).
      if (queued) return json(runView(header), 202, { location: `/runs/${header.runId}/status` });
      return json(runView(header), created ? 201 : 200, { location: `/runs/${header.runId}` });
    },
  }),

  /** A run in any state, with its job's progress while it is computed as one (finance, policy, admin). */
  'GET /runs/{id}/status': action({
    run: async ({ ctx, params }) => {
      const header = await ctx.store.findRunHeader(params.id!);
      if (!header) throw notFound(coded('run_not_found', { runId: params.id! }));
      return json(runView(header), header.status === 'complete' ? 200 : 202);
    },
  }),

  /**
   * A second finance user approves (the creator is 409). When the rule set already has a current run for the fiscal
   * year, the approval must name it in `supersedes` and give the reason in `comment`; otherwise 409 says which.
   */
  'POST /runs/{id}/approve': action({
    body: approveBody,
    run: async ({ ctx, caller, params, body }) => decided(ctx, await decideRun(ctx, caller, params.id!, 'approve', body)),
  }),

  /** A second finance user sends the run back with the reason; the run is final, a corrected run is computed anew. */
  'POST /runs/{id}/return': action({
    body: returnBody,
    run: async ({ ctx, caller, params, body }) => decided(ctx, await decideRun(ctx, caller, params.id!, 'return', body)),
  }),

  /** The creator takes back a run nobody has decided on yet. */
  'POST /runs/{id}/withdraw': action({
    body: withdrawBody,
    run: async ({ ctx, caller, params, body }) => decided(ctx, await decideRun(ctx, caller, params.id!, 'withdraw', body)),
  }),
};

async function decided(ctx: AppContext, outcome: { header: RunHeader }) {
  return json(runView(outcome.header, await standingOf(ctx, outcome.header)));
}

export const createRunsHandler = (options?: GroupOptions) => groupHandler('runs', runActions, options);
export const handler = createRunsHandler();

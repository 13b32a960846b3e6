import { problemAt } from '../../domain/problems';
import * as z from 'zod';
import { auditOnce } from '../app/audit';
import { envelopeOf } from '../app/loaders';
import { createRun, runView } from '../app/runs';
import { envelopeSchema, idText } from '../app/schemas';
import { badRequest, notFound } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';

const runBody = z.strictObject({
  ruleSetId: idText,
  version: z.number().int().min(1),
  datasetId: idText,
  fiscalYear: z.number().int().min(1900).max(9999),
  envelope: envelopeSchema,
  excludeInvalid: z.boolean().default(false),
  clientKey: z.string().trim().min(1).max(200).optional(),
});

export const runActions: Actions = {
  /** Idempotent on `Idempotency-Key` (or body `clientKey`): 201 when made now, 200 when an earlier request made it. */
  'POST /runs': action({
    body: runBody,
    run: async ({ ctx, caller, body, headers }) => {
      const headerKey = headers['idempotency-key']?.trim();
      if (headerKey && body.clientKey && headerKey !== body.clientKey) {
        throw badRequest('Idempotency-Key and clientKey disagree', [problemAt('body.clientKey', 'must_equal_idempotency_key')]);
      }
      const clientKey = headerKey || body.clientKey;
      const { header, created, queued } = await createRun(
        ctx,
        caller,
        { ruleSetId: body.ruleSetId, version: body.version, datasetId: body.datasetId, fiscalYear: body.fiscalYear, envelope: envelopeOf(body.envelope), excludeInvalid: body.excludeInvalid },
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
      if (!header) throw notFound(`run ${params.id} does not exist`);
      return json(runView(header), header.status === 'complete' ? 200 : 202);
    },
  }),

  /** A second finance user approves; the creator gets 409, a second approval 409. */
  'POST /runs/{id}/approve': action({
    run: async ({ ctx, caller, params }) => {
      const header = await ctx.store.approveRun(params.id!, caller.userId, ctx.now());
      await auditOnce(ctx, caller, 'run.approve', header.runId, header.approvedAt!, { totalAllocation: header.summary?.totalAllocation });
      return json(runView(header));
    },
  }),
};

export const createRunsHandler = (options?: GroupOptions) => groupHandler('runs', runActions, options);
export const handler = createRunsHandler();

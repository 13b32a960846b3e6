import { problemAt, zodProblems } from '../../domain/problems';
import * as z from 'zod';
import { diffRuleSets } from '../../domain/diff';
import { canonicalJson, sha256 } from '../../domain/hash';
import { validateRuleSet } from '../../domain/ruleset';
import { audit, auditOnce } from '../app/audit';
import { loadVersion } from '../app/loaders';
import { prefixed } from '../app/problems';
import { idText, pageOf, pageQuery, versionRef } from '../app/schemas';
import { badRequest, conflict, notFound, unprocessable } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';
import type { Draft } from '../store/types';

const revisionBody = z.strictObject({ revision: z.number().int().min(1) });

export const rulesetActions: Actions = {
  'GET /rulesets': action({
    query: pageQuery,
    run: async ({ ctx, query }) => json(await ctx.store.listRuleSets(pageOf(query))),
  }),

  'GET /rulesets/{id}/versions': action({
    query: pageQuery,
    run: async ({ ctx, params, query }) => json(await ctx.store.listVersions(params.id!, pageOf(query))),
  }),

  'GET /rulesets/{id}/versions/{version}': action({
    run: async ({ ctx, params }) => {
      const version = versionRef.safeParse(params.version);
      if (!version.success) throw notFound(`"${params.version}" is not a version number or "latest"`);
      return json(await loadVersion(ctx, params.id!, version.data));
    },
  }),

  'GET /rulesets/{id}/diff': action({
    query: z.object({ from: versionRef, to: versionRef.default('latest') }),
    run: async ({ ctx, params, query }) => {
      const [from, to] = await Promise.all([loadVersion(ctx, params.id!, query.from), loadVersion(ctx, params.id!, query.to)]);
      return json({ ruleSetId: params.id, from: from.version, to: to.version, diff: diffRuleSets(from.ruleSet, to.ruleSet) });
    },
  }),

  'GET /rulesets/{id}/drafts': action({
    query: pageQuery,
    run: async ({ ctx, params, query }) => {
      const page = await ctx.store.listDrafts(params.id!, pageOf(query));
      return json({ ...page, items: page.items.map(({ content: _c, ...draft }) => draft) });
    },
  }),

  /** From a published version (`fromVersion`, default latest) or a whole rule set (`ruleSet`, e.g. a new one). */
  'POST /rulesets/{id}/drafts': action({
    body: z
      .strictObject({ fromVersion: versionRef.optional(), ruleSet: z.unknown().optional(), changeNote: z.string().max(2000).optional() })
      .optional()
      .default({}),
    run: async ({ ctx, params, body, caller }) => {
      // Drafts are where rule-set ids enter the system, so the id is held to the shape keys and URLs need.
      const id = idText.safeParse(params.id);
      if (!id.success) throw badRequest(`"${params.id!.slice(0, 40)}${params.id!.length > 40 ? '…' : ''}" cannot be a rule-set id`, zodProblems(id.error, params.id).map((problem) => ({ ...problem, path: 'path.id' })));
      const ruleSetId = params.id!;
      const latest = await ctx.store.getLatestVersion(ruleSetId);
      let content: unknown;
      let baseVersion: number | undefined;
      if (body.ruleSet !== undefined) {
        assertSameId(body.ruleSet, ruleSetId, 'body.ruleSet.id');
        content = body.ruleSet;
        baseVersion = body.fromVersion === undefined ? latest?.version : (await loadVersion(ctx, ruleSetId, body.fromVersion)).version;
      } else {
        const from = await loadVersion(ctx, ruleSetId, body.fromVersion ?? 'latest');
        content = from.ruleSet;
        baseVersion = from.version;
      }
      const draft = await ctx.store.createDraft({
        ruleSetId,
        draftId: ctx.newId('draft'),
        content,
        createdBy: caller.userId,
        createdAt: ctx.now(),
        ...(baseVersion !== undefined ? { baseVersion } : {}),
        ...(body.changeNote !== undefined ? { changeNote: body.changeNote } : {}),
      });
      await audit(ctx, caller, 'draft.create', `${ruleSetId}/${draft.draftId}`, { baseVersion });
      return json(draftView(draft), 201);
    },
  }),

  'GET /rulesets/{id}/drafts/{draftId}': action({
    run: async ({ ctx, params }) => json(draftView(await ctx.store.getDraft(params.id!, params.draftId!))),
  }),

  /** Saves the whole rule set at the revision the editor read; a stale revision is 409 and nothing changes. */
  'PUT /rulesets/{id}/drafts/{draftId}': action({
    body: z.strictObject({ revision: z.number().int().min(1), ruleSet: z.unknown(), changeNote: z.string().max(2000).optional() }),
    run: async ({ ctx, params, body, caller }) => {
      assertSameId(body.ruleSet, params.id!, 'body.ruleSet.id');
      const draft = await ctx.store.updateDraft({
        ruleSetId: params.id!,
        draftId: params.draftId!,
        expectedRevision: body.revision,
        content: body.ruleSet,
        editor: caller.userId,
        at: ctx.now(),
        ...(body.changeNote !== undefined ? { changeNote: body.changeNote } : {}),
      });
      await audit(ctx, caller, 'draft.edit', `${params.id}/${params.draftId}`, { revision: draft.revision });
      return json(draftView(draft));
    },
  }),

  /** Answers whether the draft would publish: 200 with `ok` and every problem with its JSON path. */
  'POST /rulesets/{id}/drafts/{draftId}/validate': action({
    run: async ({ ctx, params }) => {
      const draft = await ctx.store.getDraft(params.id!, params.draftId!);
      const outcome = validateRuleSet(draft.content);
      return json({ ok: outcome.ok, revision: draft.revision, problems: outcome.ok ? [] : outcome.problems });
    },
  }),

  'POST /rulesets/{id}/drafts/{draftId}/submit': action({
    body: revisionBody,
    run: async ({ ctx, params, body, caller }) => {
      const current = await ctx.store.getDraft(params.id!, params.draftId!);
      const outcome = validateRuleSet(current.content);
      if (!outcome.ok) throw unprocessable('invalid_rule_set', 'the draft is not a valid rule set', prefixed('ruleSet', outcome.problems));
      const draft = await ctx.store.submitDraft({ ruleSetId: params.id!, draftId: params.draftId!, expectedRevision: body.revision, by: caller.userId, at: ctx.now() });
      await audit(ctx, caller, 'draft.submit', `${params.id}/${params.draftId}`, { revision: draft.revision });
      return json(draftView(draft));
    },
  }),

  /** A second person publishes exactly the revision they reviewed (`revision`, default: the current one). */
  'POST /rulesets/{id}/drafts/{draftId}/publish': action({
    body: z.strictObject({ revision: z.number().int().min(1).optional() }).optional().default({}),
    run: async ({ ctx, params, body, caller }) => {
      const draft = await ctx.store.getDraft(params.id!, params.draftId!);
      if (body.revision !== undefined && body.revision !== draft.revision) {
        throw conflict('stale_revision', `draft ${draft.draftId} is at revision ${draft.revision}, not ${body.revision}: review the current revision`);
      }
      const outcome = validateRuleSet(draft.content);
      if (!outcome.ok) throw unprocessable('invalid_rule_set', 'the draft is not a valid rule set', prefixed('ruleSet', outcome.problems));
      assertSameId(outcome.ruleSet, params.id!, 'ruleSet.id');
      const version = await ctx.store.publishDraft({
        draft,
        ruleSet: outcome.ruleSet,
        hash: sha256(canonicalJson(outcome.ruleSet)),
        by: caller.userId,
        at: ctx.now(),
        recordVersion: (v) => auditOnce(ctx, caller, 'ruleset.publish', `${params.id}/v${v.version}`, v.publishedAt, { draftId: draft.draftId, revision: draft.revision, author: v.author }),
      });
      return json(version, 201);
    },
  }),
};

function assertSameId(ruleSet: unknown, ruleSetId: string, path: string): void {
  const id = (ruleSet as { id?: unknown } | null)?.id;
  if (id !== undefined && id !== ruleSetId) {
    throw unprocessable('rule_set_id_mismatch', `the rule set's id "${String(id)}" is not ${ruleSetId}`, [problemAt(path, 'must_equal', { expected: ruleSetId })]);
  }
}

function draftView(draft: Draft) {
  const outcome = validateRuleSet(draft.content);
  return { ...draft, validation: { ok: outcome.ok, problems: outcome.ok ? [] : outcome.problems } };
}

export const createRulesetsHandler = (options?: GroupOptions) => groupHandler('rulesets', rulesetActions, options);
export const handler = createRulesetsHandler();

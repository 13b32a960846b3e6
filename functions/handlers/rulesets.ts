import { coded, problemAt, zodProblems } from '../../domain/problems';
import * as z from 'zod';
import { diffRuleSets } from '../../domain/diff';
import { unacceptedWarnings, type Warning } from '../../domain/plausibility';
import { validateRuleSet } from '../../domain/ruleset';
import { render } from '../../messages';
import { audit } from '../app/audit';
import { baseRuleSet, checkDraft, differsFrom, draftView, recordPublication } from '../app/drafts';
import { loadVersion } from '../app/loaders';
import { prefixed } from '../app/problems';
import { changeNote, idText, pageOf, pageQuery, revisionNumber, versionRef } from '../app/schemas';
import { badRequest, conflict, notFound, unprocessable } from '../http/errors';
import { action, groupHandler, type Actions, type GroupOptions } from '../http/group';
import { json } from '../http/respond';

const revisionBody = z.strictObject({ revision: revisionNumber });

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
      if (!version.success) throw notFound(coded('version_invalid', { version: String(params.version).slice(0, 40) }));
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
      .strictObject({ fromVersion: versionRef.optional(), ruleSet: z.unknown().optional(), changeNote: changeNote.optional() })
      .optional()
      .default({}),
    run: async ({ ctx, params, body, caller }) => {
      // Drafts are where rule-set ids enter the system, so the id is held to the shape keys and URLs need.
      const id = idText.safeParse(params.id);
      if (!id.success) throw badRequest(coded('rule_set_id_invalid', { id: `${params.id!.slice(0, 40)}${params.id!.length > 40 ? '…' : ''}` }), zodProblems(id.error, params.id).map((problem) => ({ ...problem, path: 'path.id' })));
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
      const base = baseVersion === undefined ? undefined : baseVersion === latest?.version ? latest.ruleSet : (await loadVersion(ctx, ruleSetId, baseVersion)).ruleSet;
      const draft = await ctx.store.createDraft({
        ruleSetId,
        draftId: ctx.newId('draft'),
        content,
        createdBy: caller.userId,
        createdBySub: caller.subject,
        createdAt: ctx.now(),
        changed: differsFrom(content, base),
        ...(baseVersion !== undefined ? { baseVersion } : {}),
        ...(body.changeNote !== undefined ? { changeNote: body.changeNote } : {}),
      });
      await audit(ctx, caller, 'draft.create', `${ruleSetId}/${draft.draftId}`, { baseVersion });
      return json(await draftView(ctx, draft, caller), 201);
    },
  }),

  'GET /rulesets/{id}/drafts/{draftId}': action({
    run: async ({ ctx, params, caller }) => json(await draftView(ctx, await ctx.store.getDraft(params.id!, params.draftId!), caller)),
  }),

  /** Saves the whole rule set at the revision the editor read; a stale revision is 409 and nothing changes. */
  'PUT /rulesets/{id}/drafts/{draftId}': action({
    body: z.strictObject({ revision: revisionNumber, ruleSet: z.unknown(), changeNote: changeNote.optional() }),
    run: async ({ ctx, params, body, caller }) => {
      assertSameId(body.ruleSet, params.id!, 'body.ruleSet.id');
      const draft = await ctx.store.updateDraft({
        ruleSetId: params.id!,
        draftId: params.draftId!,
        expectedRevision: body.revision,
        content: body.ruleSet,
        editor: caller.userId,
        editorSub: caller.subject,
        at: ctx.now(),
        ...(body.changeNote !== undefined ? { changeNote: body.changeNote } : {}),
      });
      await audit(ctx, caller, 'draft.edit', `${params.id}/${params.draftId}`, { revision: draft.revision });
      return json(await draftView(ctx, draft, caller));
    },
  }),

  /**
   * Answers whether the draft would publish: 200 with `ok`, every problem with its JSON path (examples that fail
   * included), and the plausibility warnings against the base version that publishing must accept by code.
   */
  'POST /rulesets/{id}/drafts/{draftId}/validate': action({
    run: async ({ ctx, params }) => {
      const draft = await ctx.store.getDraft(params.id!, params.draftId!);
      return json({ revision: draft.revision, ...checkDraft(draft.content, await baseRuleSet(ctx, draft)) });
    },
  }),

  'POST /rulesets/{id}/drafts/{draftId}/submit': action({
    body: revisionBody,
    run: async ({ ctx, params, body, caller }) => {
      const current = await ctx.store.getDraft(params.id!, params.draftId!);
      const outcome = validateRuleSet(current.content);
      if (!outcome.ok) throw unprocessable('invalid_rule_set', coded('draft_invalid'), prefixed('ruleSet', outcome.problems));
      const draft = await ctx.store.submitDraft({ ruleSetId: params.id!, draftId: params.draftId!, expectedRevision: body.revision, by: caller.userId, at: ctx.now() });
      await audit(ctx, caller, 'draft.submit', `${params.id}/${params.draftId}`, { revision: draft.revision });
      return json(await draftView(ctx, draft, caller));
    },
  }),

  /**
   * Someone who changed no revision of the draft publishes exactly the revision they reviewed (`revision`; a later
   * save makes it 409), naming each plausibility warning code they accept (`acceptWarnings`; 422 otherwise).
   */
  'POST /rulesets/{id}/drafts/{draftId}/publish': action({
    body: z.strictObject({ revision: revisionNumber, acceptWarnings: z.array(z.string().max(64)).max(20).default([]) }),
    run: async ({ ctx, params, body, caller }) => {
      const draft = await ctx.store.getDraft(params.id!, params.draftId!);
      const checks = checkDraft(draft.content, await baseRuleSet(ctx, draft));
      if (draft.status !== 'published' && draft.status !== 'publishing') {
        if (body.revision !== draft.revision) {
          throw conflict('stale_revision', coded('draft_stale_revision', { draftId: draft.draftId, revision: body.revision, current: draft.revision }));
        }
        const latest = await ctx.store.getLatestVersion(draft.ruleSetId);
        // A newer version refuses the draft, unless it is this draft's own publication (then the store says so).
        if (latest?.version !== draft.baseVersion && latest?.draftId !== draft.draftId) {
          throw conflict('stale_revision', coded('draft_base_overtaken', { draftId: draft.draftId, base: draft.baseVersion ?? 0 }));
        }
        if (!checks.ok) throw unprocessable('invalid_rule_set', coded('draft_invalid'), prefixed('ruleSet', checks.problems));
        assertSameId(draft.content, params.id!, 'ruleSet.id');
        const unaccepted = unacceptedWarnings(checks.warnings, body.acceptWarnings);
        if (unaccepted.length) {
          throw unprocessable('warnings_not_accepted', coded('warnings_not_accepted', { codes: [...new Set(unaccepted.map((w) => w.code))] }), prefixed('ruleSet', unaccepted as (Warning & { message: string })[]));
        }
      }
      const version = await ctx.store.publishDraft({
        ruleSetId: params.id!,
        draftId: params.draftId!,
        revision: body.revision,
        by: caller.userId,
        bySub: caller.subject,
        at: ctx.now(),
        acceptedWarnings: checks.warnings.map(({ message: _m, ...warning }) => warning),
        recordVersion: (v) => recordPublication(ctx, v),
      });
      return json(version, 201);
    },
  }),
};

function assertSameId(ruleSet: unknown, ruleSetId: string, path: string): void {
  const id = (ruleSet as { id?: unknown } | null)?.id;
  if (id !== undefined && id !== ruleSetId) {
    throw unprocessable('rule_set_id_mismatch', coded('rule_set_id_mismatch', { id: String(id).slice(0, 40), expected: ruleSetId }), [problemAt(path, 'must_equal', { expected: ruleSetId })]);
  }
}

export const createRulesetsHandler = (options?: GroupOptions) => groupHandler('rulesets', rulesetActions, options);
export const handler = createRulesetsHandler();

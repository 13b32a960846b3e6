import { coded, problemAt } from '../../domain/problems';
import { rebaseDraft } from '../../domain/rebase';
import type { z } from 'zod';
import type { rebaseBody } from '../../contract/rulesets';
import { badRequest, conflict, unprocessable } from '../http/errors';
import type { Caller } from '../http/types';
import { audit } from './audit';
import type { AppContext } from './context';
import { draftView } from './drafts';
import { loadVersion } from './loaders';

type RebaseRequest = z.output<typeof rebaseBody>;

/**
 * Replays a stale draft's changes onto the latest published version (domain/rebase.ts): a preview, or a save that
 * writes the merged content at the revision the editor read and moves the draft's base to that version in the same
 * conditional write. The save names the version it previewed (`onto`): a version published since would change
 * what is merged, so it is refused rather than saved unseen. A rebase is an edit: the person saving it becomes one
 * of the draft's editors and may not publish it.
 */
export async function rebaseStaleDraft(ctx: AppContext, caller: Caller, ruleSetId: string, draftId: string, body: RebaseRequest) {
  const draft = await ctx.store.getDraft(ruleSetId, draftId);
  if (draft.revision !== body.revision) throw conflict('stale_revision', coded('draft_stale_revision', { draftId, revision: body.revision, current: draft.revision }));
  const latest = await ctx.store.getLatestVersion(ruleSetId);
  if (!latest || latest.version === draft.baseVersion) throw conflict('rebase_not_needed', coded('draft_rebase_not_needed', { draftId, version: latest?.version ?? draft.baseVersion ?? 0 }));
  const base = draft.baseVersion === undefined ? undefined : (await loadVersion(ctx, ruleSetId, draft.baseVersion)).ruleSet;
  const { merged, conflicts, unresolved } = rebaseDraft(base, draft.content, latest.ruleSet, body.resolutions);
  const known = new Set(conflicts.map((c) => c.path));
  const unknown = Object.keys(body.resolutions).filter((path) => !known.has(path));
  if (unknown.length) throw badRequest(coded('request_body_invalid'), unknown.map((path) => problemAt(`body.resolutions.${path}`, 'rebase_resolution_unknown', { path })), 'invalid_request');
  const answer = { ruleSetId, draftId, ...(draft.baseVersion !== undefined ? { baseVersion: draft.baseVersion } : {}), latestVersion: latest.version, conflicts, unresolved, merged };
  if (!body.save) return { ...answer, revision: draft.revision, saved: false };

  if (body.onto === undefined) throw badRequest(coded('draft_rebase_target_required'), [problemAt('body.onto', 'field_required')], 'invalid_request');
  if (body.onto !== latest.version) throw conflict('rebase_target_moved', coded('draft_rebase_target_moved', { previewed: body.onto, latest: latest.version }));
  if (unresolved.length) {
    throw unprocessable('rebase_unresolved', coded('draft_rebase_unresolved', { count: unresolved.length }), unresolved.map((path) => problemAt(`body.resolutions.${path}`, 'rebase_conflict_unresolved')));
  }
  const saved = await ctx.store.updateDraft({
    ruleSetId,
    draftId,
    expectedRevision: body.revision,
    content: merged,
    editor: caller.userId,
    editorSub: caller.subject,
    at: ctx.now(),
    rebase: { from: draft.baseVersion, to: latest.version },
  });
  await audit(ctx, caller, 'draft.rebase', `${ruleSetId}/${draftId}`, { from: draft.baseVersion, to: latest.version, revision: saved.revision, conflicts: conflicts.length });
  return { ...answer, revision: saved.revision, saved: true, draft: await draftView(ctx, saved, caller) };
}

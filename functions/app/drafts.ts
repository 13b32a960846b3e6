import { canonicalJson } from '../../domain/hash';
import { plausibilityWarnings, type Warning } from '../../domain/plausibility';
import type { Problem } from '../../domain/problems';
import { validateRuleSet, type RuleSet } from '../../domain/ruleset';
import { render } from '../../messages';
import type { Caller } from '../http/types';
import { NotFoundError } from '../store/errors';
import { isAuthor } from '../store/rulesets';
import type { Draft, DomainEvent, RuleSetVersion } from '../store/types';
import type { AppContext } from './context';

export interface DraftChecks {
  ok: boolean;
  problems: Problem[];
  /** Plausibility warnings (never block saving or simulating; publishing must accept each code). */
  warnings: (Warning & { message: string })[];
}

/** The base version a draft was copied from, when it still exists. */
export async function baseRuleSet(ctx: AppContext, draft: Pick<Draft, 'ruleSetId' | 'baseVersion'>): Promise<RuleSet | undefined> {
  if (draft.baseVersion === undefined) return undefined;
  return ctx.store.getVersion(draft.ruleSetId, draft.baseVersion).then(
    (version) => version.ruleSet,
    (error: unknown) => {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    },
  );
}

/** Problems (which refuse publishing) and warnings against the base version, each with its Chinese text. */
export function checkDraft(content: unknown, base: RuleSet | undefined): DraftChecks {
  const outcome = validateRuleSet(content);
  if (!outcome.ok) return { ok: false, problems: outcome.problems.map(withText), warnings: [] };
  return { ok: true, problems: [], warnings: plausibilityWarnings(outcome.ruleSet, base).map(withText) };
}

/** A coded problem or warning with its Chinese text (the catalogue's reference language). */
export function withText<T extends { code?: string; params?: Problem['params']; message?: string }>(item: T): T & { message: string } {
  return { ...item, message: item.code ? render({ code: item.code, params: item.params ?? {} }, 'zh') : (item.message ?? '') };
}

/** A draft as the API shows it: with its checks, and whether the caller changed it (and so may not publish it). */
export async function draftView(ctx: AppContext, draft: Draft, caller: Caller) {
  const { editors: _subjects, createdBySub: _c, lastEditorSub: _l, publishing, ...shown } = draft as Draft & { lastEditorSub?: string };
  return {
    ...shown,
    ...(publishing ? { publishing: { by: publishing.by, at: publishing.at } } : {}),
    authoredByYou: isAuthor(draft, { by: caller.userId, bySub: caller.subject }),
    validation: checkDraft(draft.content, await baseRuleSet(ctx, draft)),
  };
}

/** True when the content differs from the base version's (then its creator is an author). */
export function differsFrom(content: unknown, base: RuleSet | undefined): boolean {
  return base === undefined || canonicalJson(content) !== canonicalJson(base);
}

/** What publishing records once the version exists: the trail entry and the outbox event, both idempotent. */
export async function recordPublication(ctx: AppContext, version: RuleSetVersion): Promise<void> {
  const subject = `${version.ruleSetId}/v${version.version}`;
  const details = { draftId: version.draftId, revision: version.draftRevision, author: version.author, acceptedWarnings: (version.acceptedWarnings ?? []).map((w) => w.code) };
  await ctx.store.appendAudit({ at: version.publishedAt, eventId: `ruleset.publish:${subject}`, action: 'ruleset.publish', actor: version.publishedBy, subject, details });
  const event: DomainEvent = {
    eventId: `ruleset.published:${subject}`,
    type: 'ruleset.published',
    at: version.publishedAt,
    actor: version.publishedBy,
    subject,
    data: { ruleSetId: version.ruleSetId, version: version.version, fiscalYear: version.ruleSet.fiscalYear, name: version.ruleSet.name, hash: version.hash, ...details },
  };
  await ctx.store.appendOutbox(event);
}

import * as z from 'zod';
import type { RuleSetDiff } from '../domain/diff';
import type { Warning } from '../domain/plausibility';
import type { MergeConflict } from '../domain/rebase';
import type { RuleSet } from '../domain/ruleset';
import { changeNote, pageOf, problemSchema, revisionNumber, versionNumber, versionRef } from './common';

/** Rule sets, versions and drafts (SPEC §1, §6): requests and answers. */

export const ruleSetSummarySchema = z.looseObject({ ruleSetId: z.string(), name: z.string(), latestVersion: z.number().int().optional(), updatedAt: z.string() });
export type RuleSetSummary = z.output<typeof ruleSetSummarySchema>;

const ruleSetJson = z.custom<RuleSet>().meta({ type: 'object', description: 'The rule set in its canonical JSON form (SPEC §1).' });
const plausibilityWarning = z.custom<Warning>().meta({ type: 'object', description: 'A plausibility warning (SPEC §11): { path, code, params }.' });

export const versionInfoSchema = z.looseObject({
  ruleSetId: z.string(),
  version: z.number().int(),
  hash: z.string(),
  author: z.string(),
  publishedBy: z.string(),
  publishedAt: z.string(),
  changeNote: z.string().optional(),
  baseVersion: z.number().int().optional(),
  draftId: z.string().optional(),
  draftRevision: z.number().int().optional(),
  acceptedWarnings: z.array(plausibilityWarning).optional().meta({ description: 'The plausibility warnings the publisher accepted.' }),
});
export type VersionInfo = z.output<typeof versionInfoSchema>;
export const ruleSetVersionSchema = versionInfoSchema.extend({ ruleSet: ruleSetJson });
export type RuleSetVersion = z.output<typeof ruleSetVersionSchema>;

export const diffQuery = z.object({ from: versionRef, to: versionRef.default('latest') });
export const diffSchema = z.looseObject({
  ruleSetId: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  diff: z.custom<RuleSetDiff>().meta({ type: 'object', description: 'Structural diff: top-level fields, and per collection the items added, removed and changed field by field.' }),
});

/** A problem or warning of a draft, with its text in Chinese (the catalogue's reference language). */
export const draftWarningSchema = z.looseObject({ path: z.string(), code: z.string(), params: z.custom<Warning['params']>().optional().meta({ type: 'object' }), message: z.string() });
export type DraftWarning = z.output<typeof draftWarningSchema>;
export const draftChecksSchema = z.looseObject({ ok: z.boolean(), problems: z.array(problemSchema), warnings: z.array(draftWarningSchema) });
export type DraftChecks = z.output<typeof draftChecksSchema>;

const draftStatus = z.enum(['draft', 'submitted', 'publishing', 'published']);
export const draftSummarySchema = z.looseObject({
  ruleSetId: z.string(),
  draftId: z.string(),
  revision: z.number().int(),
  status: draftStatus,
  baseVersion: z.number().int().optional(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastEditor: z.string(),
  updatedAt: z.string(),
  changeNote: z.string().optional(),
  editorNames: z.array(z.string()).optional().meta({ description: 'Everyone who changed the content since the base version: none of them may publish it.' }),
  submittedBy: z.string().optional(),
  publishedVersion: z.number().int().optional(),
  publishedBy: z.string().optional(),
});
export type DraftSummary = z.output<typeof draftSummarySchema>;

/** A draft as the API shows it: its content, whether it would publish, and whether its base is still the latest. */
export const draftViewSchema = draftSummarySchema.extend({
  content: z.unknown().meta({ description: 'The rule set as the editor left it; it may be invalid until published.' }),
  publishing: z.looseObject({ by: z.string(), at: z.string() }).optional().meta({ description: 'A publication claimed and not yet finished.' }),
  authoredByYou: z.boolean().meta({ description: 'The caller changed a revision since the base version: someone else must publish.' }),
  validation: draftChecksSchema,
  latestVersion: z.number().int().optional().meta({ description: 'The latest published version, when it is not the draft’s base: the draft is stale and must be rebased before it can be published.' }),
});
export type DraftView = z.output<typeof draftViewSchema>;

export const createDraftBody = z
  .strictObject({ fromVersion: versionRef.optional(), ruleSet: z.unknown().optional(), changeNote: changeNote.optional() })
  .optional()
  .default({});
export const saveDraftBody = z.strictObject({ revision: revisionNumber, ruleSet: z.unknown(), changeNote: changeNote.optional() });
export const revisionBody = z.strictObject({ revision: revisionNumber });
export const publishBody = z.strictObject({ revision: revisionNumber, acceptWarnings: z.array(z.string().max(64)).max(20).default([]) });
export const validationSchema = draftChecksSchema.extend({ revision: z.number().int() });

/** A conflict's id (`tiers[T2].perStudent`, `upliftPolicy.cap`, `majors[0101]`): what a resolution names. */
const conflictPath = z.string().max(300);
/**
 * Rebasing a stale draft onto the latest version (issue 14): `save: false` (the default) previews the merge; `save:
 * true` writes it, at `revision`, moving the draft's base to the latest version; each conflict must be resolved.
 */
export const rebaseBody = z.strictObject({
  revision: revisionNumber,
  onto: versionNumber.optional().meta({ description: 'The latest version the preview showed; required with `save: true` (a newer one since is 409 rebase_target_moved).' }),
  resolutions: z.record(conflictPath, z.enum(['ours', 'theirs'])).default({}).meta({ description: 'Per conflict path: keep the draft’s value (ours) or take the latest version’s (theirs).' }),
  save: z.boolean().default(false),
});
export const mergeConflictSchema = z.custom<MergeConflict>().meta({
  type: 'object',
  description: 'A field both the draft and the latest version changed differently: `collection` and `key` of the item (when inside one), `field`, its `path` (the id to resolve it by), and the `base`, `ours` (draft) and `theirs` (latest) values; null means absent.',
});
export const rebaseSchema = z.looseObject({
  ruleSetId: z.string(),
  draftId: z.string(),
  /** The revision the merge was made from (a preview) or the saved revision (after a save). */
  revision: z.number().int(),
  baseVersion: z.number().int().optional().meta({ description: 'The version the draft was based on before this rebase.' }),
  latestVersion: z.number().int(),
  conflicts: z.array(mergeConflictSchema),
  unresolved: z.array(z.string()).meta({ description: 'Conflict paths without a resolution: a save is refused while any remain.' }),
  merged: z.unknown().meta({ description: 'The draft’s content replayed onto the latest version, with the resolutions applied.' }),
  saved: z.boolean(),
  draft: draftViewSchema.optional().meta({ description: 'After a save: the draft, now based on the latest version.' }),
});
export type RebaseView = z.output<typeof rebaseSchema>;

export const ruleSetPage = pageOf(ruleSetSummarySchema);
export const versionPage = pageOf(versionInfoSchema);
export const draftPage = pageOf(draftSummarySchema);

import { coded } from '../../domain/problems';
import type { RuleSet } from '../../domain/ruleset';
import type { DynamoConnection } from './client';
import { canonicalJson } from '../../domain/hash';
import type { Coded } from '../../domain/problems';
import { render } from '../../messages';
import { AlreadyExistsError, NotFoundError, SamePersonError, StaleRevisionError, StateConflictError, TooLargeError } from './errors';
import { DRAFT_PREFIX, GSI1, VERSION_PREFIX, draftKey, ruleSetKey, ruleSetPK, ruleSetsIndex, versionKey } from './keys';
import { getItem, putNew, queryAll, queryPage, updateItem, type Item } from './ops';
import type { Draft, DraftSave, Page, PageRequest, RuleSetSummary, RuleSetVersion } from './types';

export async function listRuleSets(db: DynamoConnection, page?: PageRequest): Promise<Page<RuleSetSummary>> {
  const out = await queryPage(
    db,
    { IndexName: GSI1, KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': ruleSetsIndex.GSI1PK } },
    page,
  );
  return { ...out, items: out.items.map(toSummary) };
}

export async function listVersions(db: DynamoConnection, ruleSetId: string, page?: PageRequest): Promise<Page<Omit<RuleSetVersion, 'ruleSet'>>> {
  const out = await queryPage(db, versionsQuery(ruleSetId), page);
  return { ...out, items: out.items.map((item) => withoutBody(toVersion(item))) };
}

export async function getVersion(db: DynamoConnection, ruleSetId: string, version: number): Promise<RuleSetVersion> {
  const item = await getItem(db, versionKey(ruleSetId, version));
  if (!item) throw new NotFoundError(coded('version_not_found', { ruleSetId, version }));
  return toVersion(item);
}

export async function getLatestVersion(db: DynamoConnection, ruleSetId: string): Promise<RuleSetVersion | undefined> {
  const out = await queryPage(db, { ...versionsQuery(ruleSetId), ConsistentRead: true }, { limit: 1 });
  return out.items[0] ? toVersion(out.items[0]) : undefined;
}

/**
 * A new draft at revision 1. `changed` says its content differs from the base version (a whole rule set sent with
 * it): then its creator is its first author and may not publish it.
 */
export async function createDraft(db: DynamoConnection, input: Omit<Draft, 'revision' | 'status' | 'lastEditor' | 'updatedAt' | 'editors' | 'editorNames'> & { changed?: boolean }): Promise<Draft> {
  const { changed, ...fields } = input;
  const authors = changed && input.createdBySub ? { editors: [input.createdBySub], editorNames: [input.createdBy] } : {};
  const draft: Draft = { ...fields, ...authors, revision: 1, status: 'draft', lastEditor: input.createdBy, updatedAt: input.createdAt };
  if (!(await putNew(db, toDraftItem(draft)))) throw new AlreadyExistsError(coded('draft_exists', { draftId: input.draftId }));
  const name = typeof (input.content as { name?: unknown })?.name === 'string' ? (input.content as { name: string }).name : input.ruleSetId;
  await updateItem(db, {
    Key: ruleSetKey(input.ruleSetId),
    UpdateExpression: 'SET #name = if_not_exists(#name, :name), ruleSetId = :id, GSI1PK = :gpk, GSI1SK = :id, updatedAt = :at',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':name': name, ':id': input.ruleSetId, ':gpk': ruleSetsIndex.GSI1PK, ':at': input.createdAt },
  });
  return draft;
}

export async function getDraft(db: DynamoConnection, ruleSetId: string, draftId: string): Promise<Draft> {
  const item = await getItem(db, draftKey(ruleSetId, draftId));
  if (!item) throw new NotFoundError(coded('draft_not_found', { ruleSetId, draftId }));
  return toDraft(item);
}

export async function listDrafts(db: DynamoConnection, ruleSetId: string, page?: PageRequest): Promise<Page<Draft>> {
  const out = await queryPage(
    db,
    { KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)', ExpressionAttributeValues: { ':pk': ruleSetPK(ruleSetId), ':prefix': DRAFT_PREFIX } },
    page,
  );
  return { ...out, items: out.items.map(toDraft) };
}

export const EDITABLE = "(#status = :draft OR #status = :submitted)";

/**
 * Saves a new revision at the revision the editor read. The draft is read first to tell whether the content changes:
 * only a change makes the editor an author (the four-eyes rule of publishing). The write is conditioned on the
 * revision read, so the comparison was against exactly the content it replaces.
 */
export async function updateDraft(db: DynamoConnection, input: DraftSave): Promise<Draft> {
  const current = await getItem(db, draftKey(input.ruleSetId, input.draftId), ['contentJson', 'revision']);
  if (!current) throw new NotFoundError(coded('draft_not_found', { ruleSetId: input.ruleSetId, draftId: input.draftId }));
  const json = draftJson(input.content, input.draftId);
  const changed = current.revision !== input.expectedRevision || canonicalJson(JSON.parse(current.contentJson as string)) !== canonicalJson(input.content);
  const updated = await updateItem(db, {
    Key: draftKey(input.ruleSetId, input.draftId),
    UpdateExpression:
      `SET contentJson = :content, revision = revision + :one, lastEditor = :editor, lastEditorSub = :sub, updatedAt = :at, #status = :draft` +
      (input.changeNote !== undefined ? ', changeNote = :note' : '') +
      (changed ? ' ADD editors :subs, editorNames :names' : ''),
    ConditionExpression: `attribute_exists(PK) AND revision = :rev AND ${EDITABLE}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':content': json,
      ':one': 1,
      ':editor': input.editor,
      ':sub': input.editorSub,
      ':at': input.at,
      ':rev': input.expectedRevision,
      ':draft': 'draft',
      ':submitted': 'submitted',
      ...(input.changeNote !== undefined ? { ':note': input.changeNote } : {}),
      ...(changed ? { ':subs': new Set([input.editorSub]), ':names': new Set([input.editor]) } : {}),
    },
  });
  if (updated === false) throw await explainDraftRefusal(db, input.ruleSetId, input.draftId, input.expectedRevision);
  return toDraft(updated);
}

export async function submitDraft(
  db: DynamoConnection,
  input: { ruleSetId: string; draftId: string; expectedRevision: number; by: string; at: string },
): Promise<Draft> {
  const updated = await updateItem(db, {
    Key: draftKey(input.ruleSetId, input.draftId),
    UpdateExpression: 'SET #status = :submitted, submittedBy = :by, updatedAt = :at',
    ConditionExpression: `attribute_exists(PK) AND revision = :rev AND ${EDITABLE}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':submitted': 'submitted', ':draft': 'draft', ':by': input.by, ':at': input.at, ':rev': input.expectedRevision },
  });
  if (updated === false) throw await explainDraftRefusal(db, input.ruleSetId, input.draftId, input.expectedRevision);
  return toDraft(updated);
}

/** Re-reads a draft after a refused conditional write and names the reason. */
export async function explainDraftRefusal(db: DynamoConnection, ruleSetId: string, draftId: string, revision: number, publisher?: { by: string; bySub: string }): Promise<Error> {
  const item = await getItem(db, draftKey(ruleSetId, draftId));
  if (!item) return new NotFoundError(coded('draft_not_found', { ruleSetId, draftId }));
  const draft = toDraft(item);
  if (draft.status === 'published') return draftError('already_published', { code: 'draft_already_published', params: { draftId, version: draft.publishedVersion ?? '' } });
  if (draft.revision !== revision) {
    return Object.assign(draftError('stale_revision', { code: 'draft_stale_revision', params: { draftId, revision, current: draft.revision } }), { currentRevision: draft.revision });
  }
  if (publisher !== undefined && isAuthor(draft, publisher)) return draftError('same_person', { code: 'draft_author_publishes', params: { draftId, authors: draft.editorNames ?? [draft.lastEditor] } });
  if (draft.status === 'publishing') return draftError('publish_in_progress', { code: 'draft_publish_in_progress', params: { draftId, by: draft.publishing?.by ?? '' } });
  return new StateConflictError('draft_state', coded('draft_state', { draftId, status: draft.status }));
}

/** Changed a revision since the base version (by subject); drafts kept before subjects were recorded: the last editor. */
export function isAuthor(draft: Draft, person: { by: string; bySub: string }): boolean {
  if (draft.createdBySub === undefined) return draft.lastEditor === person.by;
  return (draft.editors ?? []).includes(person.bySub);
}

function versionsQuery(ruleSetId: string) {
  return {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': ruleSetPK(ruleSetId), ':prefix': VERSION_PREFIX },
    ScanIndexForward: false,
  };
}

function toSummary(item: Item): RuleSetSummary {
  return {
    ruleSetId: item.ruleSetId as string,
    name: item.name as string,
    ...(item.latestVersion !== undefined ? { latestVersion: item.latestVersion as number } : {}),
    updatedAt: item.updatedAt as string,
  };
}

export function toVersionItem(version: RuleSetVersion) {
  const { ruleSet, ...rest } = version;
  return { ...versionKey(version.ruleSetId, version.version), ...rest, ruleSetJson: JSON.stringify(ruleSet) };
}

export function toVersion(item: Item): RuleSetVersion {
  const { PK: _pk, SK: _sk, ruleSetJson, publishedBySub: _sub, ...rest } = item;
  return { ...(rest as Omit<RuleSetVersion, 'ruleSet'>), ruleSet: JSON.parse(ruleSetJson as string) };
}

function withoutBody(version: RuleSetVersion): Omit<RuleSetVersion, 'ruleSet'> {
  const { ruleSet: _body, ...rest } = version;
  return rest;
}

function toDraftItem(draft: Draft) {
  const { content, editors, editorNames, ...rest } = draft;
  return {
    ...draftKey(draft.ruleSetId, draft.draftId),
    ...rest,
    ...(editors?.length ? { editors: new Set(editors), editorNames: new Set(editorNames) } : {}),
    contentJson: draftJson(content, draft.draftId),
  };
}

/** A draft is one item, so its JSON must leave room in DynamoDB's 400 KB for the rest of the item (and the version). */
export const MAX_DRAFT_JSON_BYTES = 300 * 1024;

function draftJson(content: unknown, draftId: string): string {
  const json = JSON.stringify(content) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_DRAFT_JSON_BYTES) throw new TooLargeError(coded('draft_too_large', { draftId, bytes, maximum: MAX_DRAFT_JSON_BYTES }));
  return json;
}

export function toDraft(item: Item): Draft {
  const { PK: _pk, SK: _sk, contentJson, editors, editorNames, ...rest } = item;
  return {
    ...(rest as Omit<Draft, 'content'>),
    ...(editors ? { editors: [...(editors as Set<string>)].sort() } : {}),
    ...(editorNames ? { editorNames: [...(editorNames as Set<string>)].sort() } : {}),
    content: JSON.parse(contentJson as string),
  };
}

/** A refused draft operation: the public code (409) and the reason as a catalogue code. */
function draftError(apiCode: 'already_published' | 'stale_revision' | 'same_person' | 'publish_in_progress', message: Coded): Error {
  return apiCode === 'same_person' ? new SamePersonError(message) : apiCode === 'stale_revision' ? new StaleRevisionError(message) : new StateConflictError(apiCode, message);
}

import { coded } from '../../domain/problems';
import type { RuleSet } from '../../domain/ruleset';
import type { DynamoConnection } from './client';
import { NotFoundError, SamePersonError, StaleRevisionError, StateConflictError, AlreadyExistsError, TooLargeError } from './errors';
import { DRAFT_PREFIX, GSI1, VERSION_PREFIX, draftKey, ruleSetKey, ruleSetPK, ruleSetsIndex, versionKey } from './keys';
import { getItem, putNew, queryAll, queryPage, updateItem, type Item } from './ops';
import type { Draft, Page, PageRequest, PublishInput, RuleSetSummary, RuleSetVersion } from './types';

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

export async function createDraft(db: DynamoConnection, input: Omit<Draft, 'revision' | 'status' | 'lastEditor' | 'updatedAt'>): Promise<Draft> {
  const draft: Draft = { ...input, revision: 1, status: 'draft', lastEditor: input.createdBy, updatedAt: input.createdAt };
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

const EDITABLE = "(#status = :draft OR #status = :submitted)";

export async function updateDraft(
  db: DynamoConnection,
  input: { ruleSetId: string; draftId: string; expectedRevision: number; content: unknown; editor: string; at: string; changeNote?: string },
): Promise<Draft> {
  const updated = await updateItem(db, {
    Key: draftKey(input.ruleSetId, input.draftId),
    UpdateExpression: `SET contentJson = :content, revision = revision + :one, lastEditor = :editor, updatedAt = :at, #status = :draft${input.changeNote !== undefined ? ', changeNote = :note' : ''}`,
    ConditionExpression: `attribute_exists(PK) AND revision = :rev AND ${EDITABLE}`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: {
      ':content': draftJson(input.content, input.draftId),
      ':one': 1,
      ':editor': input.editor,
      ':at': input.at,
      ':rev': input.expectedRevision,
      ':draft': 'draft',
      ':submitted': 'submitted',
      ...(input.changeNote !== undefined ? { ':note': input.changeNote } : {}),
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

/**
 * Safe order without transactions: (1) claim the draft at the revision the caller validated, refusing its last
 * editor; (2) write the version once (attribute_not_exists) as latest + 1; (3) mark the draft published; (4) move
 * the rule set's latestVersion forward. A retry after a crash between steps finds its own claim or version and
 * finishes; any other publisher is refused at step 1 or 2.
 */
export async function publishDraft(
  db: DynamoConnection,
  input: PublishInput,
): Promise<RuleSetVersion> {
  const { draft, by, at } = input;
  const key = draftKey(draft.ruleSetId, draft.draftId);
  const claimed = await updateItem(db, {
    Key: key,
    UpdateExpression: 'SET #status = :publishing, publishingBy = :by',
    ConditionExpression: `attribute_exists(PK) AND revision = :rev AND lastEditor <> :by AND (${EDITABLE} OR (#status = :publishing AND publishingBy = :by))`,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':publishing': 'publishing', ':draft': 'draft', ':submitted': 'submitted', ':by': by, ':rev': draft.revision },
  });
  if (claimed === false) throw await explainDraftRefusal(db, draft.ruleSetId, draft.draftId, draft.revision, by);

  const latest = await getLatestVersion(db, draft.ruleSetId);
  let version: RuleSetVersion;
  if (latest && latest.draftId === draft.draftId && latest.draftRevision === draft.revision) {
    version = latest;
  } else {
    if ((latest?.version ?? undefined) !== draft.baseVersion) {
      await releaseClaim(db, key, by);
      throw new StaleRevisionError(coded('draft_base_outdated', { draftId: draft.draftId, base: draft.baseVersion ?? 0, latest: latest?.version ?? 0 }));
    }
    version = {
      ruleSetId: draft.ruleSetId,
      version: (latest?.version ?? 0) + 1,
      ruleSet: input.ruleSet,
      hash: input.hash,
      author: draft.lastEditor,
      publishedBy: by,
      publishedAt: at,
      ...(draft.changeNote !== undefined ? { changeNote: draft.changeNote } : {}),
      ...(draft.baseVersion !== undefined ? { baseVersion: draft.baseVersion } : {}),
      draftId: draft.draftId,
      draftRevision: draft.revision,
    };
    if (!(await putNew(db, toVersionItem(version)))) {
      await releaseClaim(db, key, by);
      throw new AlreadyExistsError(coded('version_published_meanwhile', { ruleSetId: draft.ruleSetId, version: version.version }));
    }
  }
  await input.recordVersion?.(version);
  await updateItem(db, {
    Key: key,
    UpdateExpression: 'SET #status = :published, publishedVersion = :v, updatedAt = :at',
    ConditionExpression: '#status = :publishing AND publishingBy = :by',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':published': 'published', ':publishing': 'publishing', ':v': version.version, ':by': by, ':at': at },
  });
  await updateItem(db, {
    Key: ruleSetKey(draft.ruleSetId),
    UpdateExpression: 'SET latestVersion = :v, #name = :name, ruleSetId = :id, GSI1PK = :gpk, GSI1SK = :id, updatedAt = :at',
    ConditionExpression: 'attribute_not_exists(latestVersion) OR latestVersion < :v',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':v': version.version, ':name': version.ruleSet.name, ':id': draft.ruleSetId, ':gpk': ruleSetsIndex.GSI1PK, ':at': at },
  });
  return version;
}

async function releaseClaim(db: DynamoConnection, key: { PK: string; SK: string }, by: string): Promise<void> {
  await updateItem(db, {
    Key: key,
    UpdateExpression: 'SET #status = :draft REMOVE publishingBy',
    ConditionExpression: '#status = :publishing AND publishingBy = :by',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':draft': 'draft', ':publishing': 'publishing', ':by': by },
  });
}

/** Re-reads a draft after a refused conditional write and names the reason. */
async function explainDraftRefusal(db: DynamoConnection, ruleSetId: string, draftId: string, revision: number, publisher?: string): Promise<Error> {
  const item = await getItem(db, draftKey(ruleSetId, draftId));
  if (!item) return new NotFoundError(coded('draft_not_found', { ruleSetId, draftId }));
  const draft = toDraft(item);
  if (draft.status === 'published') return new StateConflictError('already_published', coded('draft_already_published', { draftId, version: draft.publishedVersion ?? '' }));
  if (draft.revision !== revision) return new StaleRevisionError(coded('draft_stale', { draftId, current: draft.revision, given: revision }), draft.revision);
  if (publisher !== undefined && draft.lastEditor === publisher) return new SamePersonError(coded('draft_same_person', { user: publisher, draftId }));
  if (draft.status === 'publishing') return new StateConflictError('publish_in_progress', coded('draft_publishing', { draftId, user: draft.publishingBy ?? '' }));
  return new StateConflictError('draft_state', coded('draft_state', { draftId, status: draft.status }));
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

function toVersionItem(version: RuleSetVersion) {
  const { ruleSet, ...rest } = version;
  return { ...versionKey(version.ruleSetId, version.version), ...rest, ruleSetJson: JSON.stringify(ruleSet) };
}

function toVersion(item: Item): RuleSetVersion {
  const { PK: _pk, SK: _sk, ruleSetJson, ...rest } = item;
  return { ...(rest as Omit<RuleSetVersion, 'ruleSet'>), ruleSet: JSON.parse(ruleSetJson as string) };
}

function withoutBody(version: RuleSetVersion): Omit<RuleSetVersion, 'ruleSet'> {
  const { ruleSet: _body, ...rest } = version;
  return rest;
}

function toDraftItem(draft: Draft) {
  const { content, ...rest } = draft;
  return { ...draftKey(draft.ruleSetId, draft.draftId), ...rest, contentJson: draftJson(content, draft.draftId) };
}

/** A draft is one item, so its JSON must leave room in DynamoDB's 400 KB for the rest of the item (and the version). */
export const MAX_DRAFT_JSON_BYTES = 300 * 1024;

function draftJson(content: unknown, draftId: string): string {
  const json = JSON.stringify(content) ?? 'null';
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_DRAFT_JSON_BYTES) throw new TooLargeError(coded('draft_too_large', { draftId, bytes, maximum: MAX_DRAFT_JSON_BYTES }));
  return json;
}

function toDraft(item: Item): Draft {
  const { PK: _pk, SK: _sk, contentJson, ...rest } = item;
  return { ...(rest as Omit<Draft, 'content'>), content: JSON.parse(contentJson as string) };
}

import { coded } from '../../domain/problems';
import { randomUUID } from 'node:crypto';
import { canonicalJson, sha256 } from '../../domain/hash';
import { InputError } from '../../domain/problems';
import { validateRuleSet } from '../../domain/ruleset';
import type { DynamoConnection } from './client';
import { NotFoundError, StaleRevisionError } from './errors';
import { draftKey, ruleSetKey, ruleSetsIndex, versionKey } from './keys';
import { getItem, putNew, updateItem } from './ops';
import { EDITABLE, explainDraftRefusal, getLatestVersion, toDraft, toVersion, toVersionItem } from './rulesets';
import type { Draft, PublishClaim, PublishInput, RuleSetVersion } from './types';
import { render } from '../../messages';

/**
 * Publishing a draft without transactions. The fencing value is the draft's revision: a save is conditioned on the
 * revision it read and on the draft being editable, the claim on the revision the publisher reviewed and on the
 * same editable state; so of a save and a claim at one revision exactly one succeeds, and an acknowledged save is
 * either in the published version or the publication was refused (409). Order of single-item writes:
 *
 *   1. claim    draft: status publishing with the claim (publisher, accepted warnings), at the named revision,
 *               only by someone who changed none of its revisions (`editors`, by subject);
 *   2. version  written once (attribute_not_exists) as latest + 1 from the draft's content, which cannot change
 *               while it is claimed; refused (claim released) if the draft's base is no longer the latest;
 *   3. record   the caller's audit trail and outbox (idempotent);
 *   4. latest   the rule set's summary moves to the new version;
 *   5. settle   draft: published (conditioned on the claim id), last, so that until then the claim is there.
 *
 * A claim left by a crash is finished by the next publish call on the draft, whoever makes it (steps 2–5 on the
 * claimant's behalf), or released when its base was overtaken: `publishing` never stays.
 */
export async function publishDraft(db: DynamoConnection, input: PublishInput): Promise<RuleSetVersion> {
  const key = draftKey(input.ruleSetId, input.draftId);
  const found = await getItem(db, key);
  if (!found) throw new NotFoundError(coded('draft_not_found', { ruleSetId: input.ruleSetId, draftId: input.draftId }));
  let draft = toDraft(found);
  if (draft.status === 'publishing') {
    const finished = await settlePublication(db, draft, input.recordVersion);
    if (finished && draft.publishing!.bySub === input.bySub && draft.revision === input.revision) return finished;
    draft = toDraft((await getItem(db, key))!);
  }
  if (draft.status === 'published') {
    // The publisher's own retry (its answer was lost) gets the version it made.
    const version = draft.publishedVersion !== undefined ? await getItem(db, versionKey(input.ruleSetId, draft.publishedVersion)) : undefined;
    if (version && (version.publishedBySub as string | undefined) === input.bySub && version.draftRevision === input.revision) return toVersion(version);
  }
  const content = validateRuleSet(draft.content);
  if (!content.ok) throw new InputError('invalid_rule_set', content.problems);

  const claim: PublishClaim = {
    by: input.by,
    bySub: input.bySub,
    at: input.at,
    claimId: randomUUID(),
    from: draft.status === 'submitted' ? 'submitted' : 'draft',
    ...(input.acceptedWarnings?.length ? { acceptedWarnings: input.acceptedWarnings } : {}),
  };
  const claimed = await updateItem(db, {
    Key: key,
    UpdateExpression: 'SET #status = :publishing, publishing = :claim',
    ConditionExpression:
      `attribute_exists(PK) AND revision = :rev AND ${EDITABLE} AND ` +
      '((attribute_exists(createdBySub) AND NOT contains(editors, :sub)) OR (attribute_not_exists(createdBySub) AND lastEditor <> :by))',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':publishing': 'publishing', ':claim': claim, ':draft': 'draft', ':submitted': 'submitted', ':rev': input.revision, ':sub': input.bySub, ':by': input.by },
  });
  if (claimed === false) throw await explainDraftRefusal(db, input.ruleSetId, input.draftId, input.revision, { by: input.by, bySub: input.bySub });
  const version = await settlePublication(db, toDraft(claimed), input.recordVersion);
  if (!version) {
    throw Object.assign(new StaleRevisionError(coded('draft_base_overtaken', { draftId: input.draftId, base: draft.baseVersion ?? 0 })), {
      coded: { code: 'draft_base_overtaken', params: { draftId: input.draftId, base: draft.baseVersion ?? 0 } },
    });
  }
  return version;
}

/** Steps 2–5 for a claimed draft, on the claimant's behalf; undefined when the claim had to be released. */
async function settlePublication(db: DynamoConnection, draft: Draft, record: PublishInput['recordVersion']): Promise<RuleSetVersion | undefined> {
  const claim = draft.publishing!;
  const key = draftKey(draft.ruleSetId, draft.draftId);
  const release = () =>
    updateItem(db, {
      Key: key,
      UpdateExpression: 'SET #status = :from REMOVE publishing',
      ConditionExpression: '#status = :publishing AND publishing.claimId = :claim',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':from': claim.from, ':publishing': 'publishing', ':claim': claim.claimId },
    });

  let version = await versionOfClaim(db, draft);
  if (!version) {
    const latest = await getLatestVersion(db, draft.ruleSetId);
    const valid = validateRuleSet(draft.content);
    if ((latest?.version ?? undefined) !== draft.baseVersion || !valid.ok) {
      // The base was overtaken, unless by this very claim's version, written meanwhile by another settler.
      version = await versionOfClaim(db, draft);
      if (version) return finishPublication(db, draft, claim, version, record);
      await release();
      return undefined;
    }
    const candidate: RuleSetVersion = {
      ruleSetId: draft.ruleSetId,
      version: (latest?.version ?? 0) + 1,
      ruleSet: valid.ruleSet,
      hash: sha256(canonicalJson(valid.ruleSet)),
      author: draft.lastEditor,
      publishedBy: claim.by,
      publishedAt: claim.at,
      ...(draft.changeNote !== undefined ? { changeNote: draft.changeNote } : {}),
      ...(draft.baseVersion !== undefined ? { baseVersion: draft.baseVersion } : {}),
      draftId: draft.draftId,
      draftRevision: draft.revision,
      ...(claim.acceptedWarnings?.length ? { acceptedWarnings: claim.acceptedWarnings } : {}),
    };
    if (await putNew(db, { ...toVersionItem(candidate), publishedBySub: claim.bySub })) version = candidate;
    else {
      // Written meanwhile: by another settler of this claim (then it is ours), or from another draft (then ours lost).
      version = await versionOfClaim(db, draft);
      if (!version) {
        await release();
        return undefined;
      }
    }
  }
  return finishPublication(db, draft, claim, version, record);
}

/** Steps 3–5 once the claim's version exists. */
async function finishPublication(db: DynamoConnection, draft: Draft, claim: PublishClaim, version: RuleSetVersion, record: PublishInput['recordVersion']): Promise<RuleSetVersion> {
  const key = draftKey(draft.ruleSetId, draft.draftId);
  await record?.(version);
  await updateItem(db, {
    Key: ruleSetKey(draft.ruleSetId),
    UpdateExpression: 'SET latestVersion = :v, #name = :name, ruleSetId = :id, GSI1PK = :gpk, GSI1SK = :id, updatedAt = :at',
    ConditionExpression: 'attribute_not_exists(latestVersion) OR latestVersion < :v',
    ExpressionAttributeNames: { '#name': 'name' },
    ExpressionAttributeValues: { ':v': version.version, ':name': version.ruleSet.name, ':id': draft.ruleSetId, ':gpk': ruleSetsIndex.GSI1PK, ':at': version.publishedAt },
  });
  await updateItem(db, {
    Key: key,
    UpdateExpression: 'SET #status = :published, publishedVersion = :v, publishedBy = :by, updatedAt = :at REMOVE publishing',
    ConditionExpression: '#status = :publishing AND publishing.claimId = :claim',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':published': 'published', ':publishing': 'publishing', ':v': version.version, ':by': claim.by, ':at': version.publishedAt, ':claim': claim.claimId },
  });
  return version;
}

/** The version this draft's claimed revision became, if it was written: it is the latest or the one after its base. */
async function versionOfClaim(db: DynamoConnection, draft: Draft): Promise<RuleSetVersion | undefined> {
  const item = await getItem(db, versionKey(draft.ruleSetId, (draft.baseVersion ?? 0) + 1));
  if (!item) return undefined;
  const version = toVersion(item);
  return version.draftId === draft.draftId && version.draftRevision === draft.revision ? version : undefined;
}

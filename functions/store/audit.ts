import { randomUUID } from 'node:crypto';
import type { DynamoConnection } from './client';
import { auditIndex, auditPK, GSI1, timeOrdered } from './keys';
import { encodeCursor, newestFirst, putNew, queryPage, type Item } from './ops';
import type { AuditEvent, AuditFilter, Page, PageRequest } from './types';

/** Append-only: each event takes a fresh time-ordered key with attribute_not_exists, so nothing is ever overwritten. */
export async function appendAudit(db: DynamoConnection, input: Omit<AuditEvent, 'eventId'> & { eventId?: string }): Promise<AuditEvent> {
  if (input.eventId !== undefined) {
    const event = input as AuditEvent;
    const sortKey = timeOrdered(event.at, event.eventId);
    await putNew(db, { PK: auditPK(event.at), SK: sortKey, GSI1PK: auditIndex, GSI1SK: sortKey, ...event });
    return event;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    const event: AuditEvent = { ...input, eventId: randomUUID().slice(0, 13) };
    const sortKey = timeOrdered(event.at, event.eventId);
    if (await putNew(db, { PK: auditPK(event.at), SK: sortKey, GSI1PK: auditIndex, GSI1SK: sortKey, ...event })) return event;
  }
  throw new Error('could not find a free audit key');
}

/** How many items one filtered page may scan before it answers with what it has (and a cursor to go on). */
const SCAN_BUDGET = 5000;

/**
 * The trail newest first. Dates narrow the index range (the sort key starts with the ISO time); action (a prefix:
 * "run." is every run action), person and subject (parts of the text) are filtered on the server, and a page is
 * filled from as many index pages as it takes, so a filtered page is as full as an unfiltered one.
 */
export async function listAudit(db: DynamoConnection, page: PageRequest = {}, filter: AuditFilter = {}): Promise<Page<AuditEvent>> {
  const plain = !filter.action && !filter.actor && !filter.subject && !filter.from && !filter.to;
  if (plain) {
    const out = await newestFirst(db, auditIndex, page);
    return { ...out, items: out.items.map(toEvent) };
  }
  const limit = Math.min(Math.max(page.limit ?? 50, 1), 500);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':pk': auditIndex };
  let range = '';
  if (filter.from || filter.to) {
    values[':from'] = filter.from ?? '0000';
    // ISO times sort as text; "~" sorts after every character an ISO time uses, so the whole last day is in range.
    values[':to'] = `${filter.to ?? '9999'}~`;
    range = ' AND GSI1SK BETWEEN :from AND :to';
  }
  const conditions: string[] = [];
  if (filter.action) {
    names['#action'] = 'action';
    values[':action'] = filter.action;
    conditions.push('begins_with(#action, :action)');
  }
  if (filter.actor) {
    names['#actor'] = 'actor';
    values[':actor'] = filter.actor;
    conditions.push('contains(#actor, :actor)');
  }
  if (filter.subject) {
    names['#subject'] = 'subject';
    values[':subject'] = filter.subject;
    conditions.push('contains(#subject, :subject)');
  }
  const items: Item[] = [];
  let cursor = page.cursor;
  let scanned = 0;
  for (;;) {
    const out = await queryPage(
      db,
      {
        IndexName: GSI1,
        KeyConditionExpression: `GSI1PK = :pk${range}`,
        ...(conditions.length ? { FilterExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
      },
      { limit: Math.min(500, Math.max(limit - items.length, 100)), ...(cursor ? { cursor } : {}) },
    );
    scanned += 500;
    for (const item of out.items) {
      items.push(item);
      if (items.length === limit) {
        const more = item !== out.items.at(-1) || out.cursor !== undefined;
        return { items: items.map(toEvent), ...(more ? { cursor: encodeCursor(keyOf(item)) } : {}) };
      }
    }
    cursor = out.cursor;
    if (!cursor || scanned >= SCAN_BUDGET) return { items: items.map(toEvent), ...(cursor ? { cursor } : {}) };
  }
}

function keyOf(item: Item): Record<string, unknown> {
  return { PK: item.PK, SK: item.SK, GSI1PK: item.GSI1PK, GSI1SK: item.GSI1SK };
}

function toEvent(item: Item): AuditEvent {
  const { PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...event } = item;
  return event as unknown as AuditEvent;
}

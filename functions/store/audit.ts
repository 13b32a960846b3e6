import { randomUUID } from 'node:crypto';
import type { DynamoConnection } from './client';
import { auditIndex, auditPK, timeOrdered } from './keys';
import { newestFirst, putNew } from './ops';
import type { AuditEvent, Page, PageRequest } from './types';

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

export async function listAudit(db: DynamoConnection, page?: PageRequest): Promise<Page<AuditEvent>> {
  const out = await newestFirst(db, auditIndex, page);
  return {
    ...out,
    items: out.items.map(({ PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: _g2, ...event }) => event as unknown as AuditEvent),
  };
}

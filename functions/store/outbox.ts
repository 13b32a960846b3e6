import type { DynamoConnection } from './client';
import { outboxIndex, outboxPK, timeOrdered } from './keys';
import { putNew, queryPage } from './ops';
import type { DomainEvent, Page } from './types';

/**
 * Domain events waiting to be delivered (an outbox): written with the state change they announce, keyed by the
 * event's own id and time, so a retried change writes its event once. Relays read them in time order: in AWS the
 * table's stream carries each new item to EventBridge; locally the service appends them to an events file.
 */
export async function appendOutbox(db: DynamoConnection, event: DomainEvent): Promise<DomainEvent> {
  const position = timeOrdered(event.at, event.eventId);
  await putNew(db, { PK: outboxPK(event.at), SK: position, GSI1PK: outboxIndex, GSI1SK: position, ...event });
  return event;
}

/** Events in time order after `after` (a position this returned), oldest first. */
export async function listOutbox(db: DynamoConnection, options: { after?: string; limit?: number } = {}): Promise<Page<DomainEvent & { position: string }>> {
  const out = await queryPage(
    db,
    {
      IndexName: 'GSI1',
      KeyConditionExpression: options.after !== undefined ? 'GSI1PK = :pk AND GSI1SK > :after' : 'GSI1PK = :pk',
      ExpressionAttributeValues: { ':pk': outboxIndex, ...(options.after !== undefined ? { ':after': options.after } : {}) },
      ScanIndexForward: true,
    },
    { limit: options.limit ?? 100 },
  );
  return {
    ...out,
    items: out.items.map(({ PK: _pk, SK: _sk, GSI1PK: _g1, GSI1SK: position, ...event }) => ({ ...(event as unknown as DomainEvent), position: position as string })),
  };
}

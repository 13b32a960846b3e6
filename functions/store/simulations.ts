import { packList, packValue, unpackList, unpackValue } from './chunks';
import type { DynamoConnection } from './client';
import { NotFoundError, AlreadyExistsError } from './errors';
import { SIMULATION_ROWS_PREFIX, simulationKey, simulationPK, simulationRowsSK, TTL_ATTRIBUTE } from './keys';
import { getItem, putNew, queryAll } from './ops';
import type { StoredSimulation } from './types';
import { coded } from '../../domain/problems';

/**
 * A simulation's results kept so its school table can be paged without computing it again (issue 14). The rows are
 * written first, each chunk a conditional put of its own; the header last, so a header that can be read names rows
 * that are all there. Every item carries the TTL attribute: DynamoDB drops them some time after `expiresAt`, and a read
 * treats an expired simulation as gone at once (the TTL sweep may lag by days, and the embedded store has none).
 */
export async function putSimulation(db: DynamoConnection, simulation: StoredSimulation): Promise<void> {
  const { simulationId, rows, overview, ...header } = simulation;
  const ttl = Math.ceil(Date.parse(simulation.expiresAt) / 1000);
  const chunks = packList(rows);
  for (const [i, data] of chunks.entries()) {
    if (!(await putNew(db, { PK: simulationPK(simulationId), SK: simulationRowsSK(i + 1), data, [TTL_ATTRIBUTE]: ttl }))) throw exists(simulationId);
  }
  const written = await putNew(db, { ...simulationKey(simulationId), ...header, simulationId, rowChunks: chunks.length, overview: packValue(overview), [TTL_ATTRIBUTE]: ttl });
  if (!written) throw exists(simulationId);
}

/** The simulation with its rows; NotFoundError when there is none, or it has expired (`now` is an ISO time). */
export async function getSimulation(db: DynamoConnection, simulationId: string, now: string): Promise<StoredSimulation> {
  const header = await getItem(db, simulationKey(simulationId));
  if (!header || (header.expiresAt as string) <= now) throw missing(simulationId);
  const items = await queryAll(db, {
    KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':pk': simulationPK(simulationId), ':prefix': SIMULATION_ROWS_PREFIX },
  });
  // Rows are written before the header, so all of them are there; fewer would be a store that lost items.
  if (items.length !== header.rowChunks) throw new Error(`simulation ${simulationId}: ${items.length} row chunks stored, its header names ${String(header.rowChunks)}`);
  return {
    simulationId,
    ownerSub: header.ownerSub as string,
    createdBy: header.createdBy as string,
    createdAt: header.createdAt as string,
    expiresAt: header.expiresAt as string,
    overview: unpackValue(header.overview as Uint8Array),
    rows: unpackList(items.map((item) => item.data as Uint8Array)),
  };
}

const missing = (simulationId: string) => new NotFoundError(coded('simulation_not_found', { simulationId }));
const exists = (simulationId: string) => new AlreadyExistsError(coded('simulation_exists', { simulationId }));

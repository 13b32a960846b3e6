import { randomUUID } from 'node:crypto';
import { configFromEnv } from '../store/client';
import { createDynamoStore } from '../store/dynamo-store';
import type { Store } from '../store/types';
import type { LogWriter } from '../middleware/request-log';
import type { JobQueue } from './run-jobs';

/** What an action needs besides the request; the local server and tests pass their own, Lambda reads env. */
export interface AppContext {
  store: Store;
  now(): string;
  newId(prefix: string): string;
  /** How a request waits for another (a run being computed); tests pass one that lets them decide the order. */
  sleep?(ms: number): Promise<void>;
  log?: LogWriter;
  /** Where runs made as jobs are queued (run-jobs.ts); absent in AWS, where the table's stream delivers them. */
  jobs?: JobQueue;
  /** Datasets with more lines than this are run as jobs; default ASYNC_RUN_LINES. */
  asyncRunLines?: number;
}

export function createContext(store: Store, log?: LogWriter): AppContext {
  return {
    store,
    now: () => new Date().toISOString(),
    newId: (prefix) => `${prefix}-${Date.now().toString(36)}${randomUUID().replace(/-/g, '').slice(0, 10)}`,
    ...(log ? { log } : {}),
  };
}

let fromEnv: AppContext | undefined;
/** Lambda: one store (one SDK client) per container, made on first use from TABLE_NAME / DYNAMODB_ENDPOINT. */
export function contextFromEnv(): AppContext {
  return (fromEnv ??= createContext(createDynamoStore(configFromEnv())));
}

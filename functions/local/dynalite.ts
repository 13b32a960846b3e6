import type { AddressInfo } from 'node:net';
import { AbstractValueIterator } from 'abstract-level';
import dynalite from 'dynalite';

/**
 * dynalite 4 turns abstract-level iterators into streams whose destroy() closes the iterator through `return()`,
 * which abstract-level 3 iterators do not have: every query and scan left its iterator open, and the database keeps
 * open iterators (about 8 KB each) until they are closed. The soak test found it as steady growth under reads
 * (issue 15, finding 7). Giving iterators the `return()` dynalite calls closes them when their stream ends.
 */
function closeIteratorsOnReturn(): void {
  const common = Object.getPrototypeOf(AbstractValueIterator.prototype) as { return?: () => Promise<{ done: true }>; close(): Promise<void> };
  if (typeof common.return === 'function') return;
  common.return = async function (this: { close(): Promise<void> }) {
    await this.close();
    return { done: true };
  };
}
closeIteratorsOnReturn();

export interface LocalDynamo {
  endpoint: string;
  close(): Promise<void>;
}

/** An in-process dynalite on a free loopback port; `path` persists it (LevelDB), otherwise it lives in memory. */
export async function startDynalite(path?: string): Promise<LocalDynamo> {
  const server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

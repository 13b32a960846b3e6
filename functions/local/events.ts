import { open, readFile } from 'node:fs/promises';
import type { Store } from '../store/types';

/**
 * The local stand-in for the AWS event bus: the outbox's domain events appended, one JSON object per line, to a
 * file under the data dir, in time order and each once (the position of the last one relayed is read back from the
 * file itself, so a restart carries on where it stopped). `skillfund events` reads the file.
 */
export const EVENTS_FILE = 'events.jsonl';

export interface EventRelay {
  /** Relays whatever the outbox has past the file's end; calls are serialised. */
  flush(): Promise<number>;
  close(): Promise<void>;
}

export function startEventRelay(store: Store, path: string, options: { intervalMs?: number; log?: (line: string) => void } = {}): EventRelay {
  let chain: Promise<number> = Promise.resolve(0);
  let position: string | undefined;
  let loaded = false;

  const relayOnce = async (): Promise<number> => {
    if (!loaded) {
      position = await lastPosition(path);
      loaded = true;
    }
    let written = 0;
    for (;;) {
      const page = await store.listOutbox({ ...(position !== undefined ? { after: position } : {}), limit: 100 });
      if (!page.items.length) return written;
      const handle = await open(path, 'a');
      try {
        await handle.appendFile(page.items.map((event) => JSON.stringify(event) + '\n').join(''));
      } finally {
        await handle.close();
      }
      position = page.items.at(-1)!.position;
      written += page.items.length;
      if (page.items.length < 100) return written;
    }
  };
  const flush = () => {
    chain = chain.then(relayOnce, relayOnce).catch((error: unknown) => {
      options.log?.(JSON.stringify({ level: 'error', message: 'event relay failed; it retries', error: String(error) }));
      return 0;
    });
    return chain;
  };
  const timer = setInterval(() => void flush(), options.intervalMs ?? 2000);
  timer.unref();
  return {
    flush,
    close: async () => {
      clearInterval(timer);
      await chain;
    },
  };
}

/** The events in the file, oldest first (a torn last line from a crash is skipped). */
export async function readEvents(path: string): Promise<(Record<string, unknown> & { position: string })[]> {
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      return [JSON.parse(line) as Record<string, unknown> & { position: string }];
    } catch {
      return [];
    }
  });
}

async function lastPosition(path: string): Promise<string | undefined> {
  const events = await readEvents(path);
  return events.at(-1)?.position;
}

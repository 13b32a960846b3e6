import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
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
  /** The SDK's transport to this dynalite inside this process (InProcessHandler); `endpoint` still names it. */
  requestHandler: InProcessHandler;
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
  const requestHandler = new InProcessHandler(server);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requestHandler,
    close: () =>
      requestHandler.close().then(
        () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections?.();
            server.close(() => resolve());
          }),
      ),
  };
}

/** The parts of the SDK's HTTP request and response this transport reads and makes. */
interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}
interface SdkResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/**
 * Hands the SDK's requests to dynalite's request handler in this process, without a socket. The embedded store runs
 * in the service's own process; over loopback HTTP, a national run's 3,000 school items paid for a client and a
 * server HTTP stack on the same thread (about a tenth of the run, measured). The request is the one the SDK signed
 * and serialised, and dynalite answers it exactly as it answers one that came over HTTP.
 */
export class InProcessHandler {
  readonly metadata = { handlerProtocol: 'http/1.1' };

  private closed = false;
  private inFlight = 0;
  private drained: (() => void) | undefined;

  constructor(private readonly server: Server) {}

  /**
   * Refuses further requests, as a closed port would, and waits (a little) for those in flight: dynalite throws,
   * uncaught, on a request that reaches its database once closed.
   */
  async close(): Promise<void> {
    this.closed = true;
    if (this.inFlight === 0) return;
    await new Promise<void>((resolve) => {
      this.drained = resolve;
      setTimeout(resolve, 2000).unref();
    });
  }

  handle(request: SdkRequest): Promise<{ response: SdkResponse }> {
    if (this.closed) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED: the embedded dynalite is closed'), { code: 'ECONNREFUSED' }));
    return new Promise((resolve, reject) => {
      const body = request.body === undefined ? [] : [asciiJson(typeof request.body === 'string' ? Buffer.from(request.body) : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength))];
      const incoming = Object.assign(Readable.from(body), {
        method: request.method,
        url: request.path + queryString(request.query),
        headers: Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value])),
      });
      const headers: Record<string, string> = {};
      const response = {
        statusCode: 200,
        setHeader(name: string, value: string | number) {
          headers[name.toLowerCase()] = String(value);
        },
        end: (text?: string | Uint8Array) => {
          if (--this.inFlight === 0) this.drained?.();
          resolve({ response: { statusCode: response.statusCode, headers, body: text === undefined ? new Uint8Array(0) : asciiJson(Buffer.from(text)) } });
        },
      };
      incoming.once('error', reject);
      this.inFlight++;
      this.server.emit('request', incoming as unknown as IncomingMessage, response as unknown as ServerResponse);
    });
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): Record<string, never> {
    return {};
  }

  destroy(): void {}
}

/**
 * The same JSON with every non-ASCII character written as a \u escape, as bytes. Node 20 decodes UTF-8 that holds
 * even one non-ASCII character some twenty times slower than ASCII, and a batch of school items carries a Chinese
 * name in each: decoding the national run's batches was a tenth of its time. In JSON such characters only occur inside
 * strings (never straight after an escaping backslash), where the escape means the same character. Bodies that are
 * not JSON (dynalite answers a few errors in XML or plain text) hold only ASCII and pass through unchanged.
 */
export function asciiJson(bytes: Buffer): Buffer {
  const latin1 = bytes.toString('latin1');
  if (!NON_ASCII.test(latin1)) return bytes;
  const escaped = latin1.replace(NON_ASCII_RUNS, (run: string, at: number) => {
    const text = bytes.toString('utf8', at, at + run.length);
    let out = '';
    for (let i = 0; i < text.length; i++) out += `\\u${text.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
  return Buffer.from(escaped, 'latin1');
}
const NON_ASCII = /[\x80-\xff]/;
const NON_ASCII_RUNS = /[\x80-\xff]+/g;

function queryString(query: SdkRequest['query']): string {
  const pairs = Object.entries(query ?? {}).flatMap(([key, value]) => (value === null ? [key] : (Array.isArray(value) ? value : [value]).map((v) => `${encodeURIComponent(key)}=${encodeURIComponent(v)}`)));
  return pairs.length ? `?${pairs.join('&')}` : '';
}

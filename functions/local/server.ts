import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { coded, type Coded } from '../../domain/problems';
import { langOf, render, type Lang } from '../../messages/index';
import { createContext, type AppContext } from '../app/context';
import { inProcessJobs } from '../app/run-jobs';
import { runJob } from '../app/runs';
import { HttpError } from '../http/errors';
import { errorBody } from '../middleware/error-handler';
import { createGroupHandlers } from '../handlers/all';
import type { GroupOptions } from '../http/group';
import type { HttpEvent, HttpResult } from '../http/types';
import { PREFLIGHT_HEADERS } from '../middleware/cors';
import type { LogWriter } from '../middleware/request-log';
import type { HandlerGroup, Role } from '../routes';
import { connect } from '../store/client';
import { createDynamoStore } from '../store/dynamo-store';
import { ensureTable } from '../store/table';
import type { Store } from '../store/types';
import { startDynalite, type LocalDynamo } from './dynalite';
import { EVENTS_FILE, startEventRelay } from './events';
import { createRouteMatcher, toEvent } from './event';
import { generateKey, loadOrCreateKey, signToken, verifyToken, type LocalKey } from './jwt';
import type { ConsoleConfig, DemoUser } from '../console-config';
import { sampleSchoolIds, seedApprovedDemoRun, seedSampleData } from './seed';
import { mayServeDemoSignIns, SECURITY_HEADERS } from './local-security';
import { consoleFile } from './static';
import { openApiDocument } from '../openapi';

export interface LocalServiceOptions {
  port?: number;
  host?: string;
  /** Persist dynalite and the JWT key here; ignored with inMemory. */
  dataDir?: string;
  inMemory?: boolean;
  /** Repository root: where data/ (samples) and web/dist (console) are found. */
  root?: string;
  /** Service messages (seeding, start-up). */
  log?: (line: string) => void;
  /** One JSON line per API request; default stdout. */
  requestLog?: LogWriter;
  seed?: boolean;
  /** Also seed one approved run of the sample, so school users have a statement to read (used by `serve`). */
  demoRun?: boolean;
  /** Runs on datasets with more lines than this are computed as jobs (202); default ASYNC_RUN_LINES. */
  asyncRunLines?: number;
  /**
   * Offer the demo users' tokens in /config.json (the console's sign-in buttons). Only ever on a loopback address and
   * to requests naming a loopback host (see local-security.ts); `serve` turns it on for --in-memory or --demo-users.
   */
  demoSignIn?: boolean;
}

export type { DemoUser } from '../console-config';

export interface LocalService {
  url: string;
  demoUsers: DemoUser[];
  store: Store;
  key: LocalKey;
  /** Where domain events are appended (data-dir mode only), and a way to relay the outbox now. */
  eventsFile?: string;
  flushEvents?: () => Promise<number>;
  close(): Promise<void>;
}

/** API Gateway's own payload limit; the handlers' 413 at 6 MB answers before this is reached. */
const MAX_WIRE_BYTES = 10 * 1024 * 1024;
const TABLE = 'skillfund-local';

/** The embedded service: dynalite + the Lambda handlers behind a node:http server speaking API Gateway v2 events. */
export async function startLocalService(options: LocalServiceOptions = {}): Promise<LocalService> {
  const root = resolve(options.root ?? process.cwd());
  const log = options.log ?? ((line: string) => console.error(line));
  const dataDir = options.inMemory ? undefined : resolve(root, options.dataDir ?? '.data');
  const key = dataDir ? await loadOrCreateKey(dataDir) : generateKey();
  const dynamo: LocalDynamo = await startDynalite(dataDir ? join(dataDir, 'dynamodb') : undefined);
  // In process, dynalite works every batch off on this thread: more than a few in flight only hold more in memory
  // (measured: a national run's CPU and peak RSS both lower with 4 than with 16).
  const connection = connect({ tableName: TABLE, endpoint: dynamo.endpoint, region: 'us-east-1' }, { requestHandler: dynamo.requestHandler, batchesInFlight: 4 });
  const store = createDynamoStore(connection);
  const ctx: AppContext = createContext(store, options.requestLog);
  // Runs made as jobs are done here, in this process, once the request that queued them has been answered.
  ctx.jobs = inProcessJobs((runId) => runJob(ctx, runId), log);
  if (options.asyncRunLines !== undefined) ctx.asyncRunLines = options.asyncRunLines;
  if ((await ensureTable(connection.raw, TABLE)) === 'created' && options.seed !== false) {
    await seedSampleData(store, root, log);
    if (options.demoRun) await seedApprovedDemoRun(ctx, log);
  }

  // Domain events go to a file under the data dir (AWS: the table's stream to EventBridge); in memory, nowhere.
  const eventsFile = dataDir ? join(dataDir, EVENTS_FILE) : undefined;
  const relay = eventsFile ? startEventRelay(store, eventsFile, { log }) : undefined;

  const groupOptions: GroupOptions = { context: () => ctx };
  const handlers = createGroupHandlers(groupOptions);
  const demoUsers = await makeDemoUsers(key, root);
  const match = createRouteMatcher();
  const distDir = join(root, 'web', 'dist');
  let openApiText: string | undefined;

  const server = createServer((request, response) => {
    serve(request, response).catch((error: unknown) => {
      log(JSON.stringify({ level: 'error', message: 'local server failure', error: String((error as Error)?.stack ?? error) }));
      if (!response.headersSent) send(response, errorResult(500, 'internal_error', coded('local_server_failed'), langOf(request.headers['accept-language'])));
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://local');
    const method = (request.method ?? 'GET').toUpperCase();
    if (method === 'OPTIONS') return send(response, { statusCode: 204, headers: { ...PREFLIGHT_HEADERS, 'access-control-allow-origin': '*' } });
    if (method === 'GET' && url.pathname === '/config.json') {
      const config: ConsoleConfig = { apiUrl: '', auth: 'local', ...(options.demoSignIn && mayServeDemoSignIns(boundHost, request) ? { demoUsers } : {}) };
      return send(response, { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, body: JSON.stringify(config) });
    }
    // The API described (OpenAPI 3.1), generated from the route table and the contract's schemas: no token needed.
    if (method === 'GET' && url.pathname === '/openapi.json') {
      return send(response, { statusCode: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' }, body: (openApiText ??= JSON.stringify(openApiDocument(), null, 2)) });
    }
    const lang = langOf(request.headers['accept-language']);
    const matched = match(method, url.pathname);
    if (!matched) {
      const asset = method === 'GET' ? await consoleFile(distDir, url.pathname) : undefined;
      if (asset) return sendBytes(response, 200, asset.type, asset.body);
      // Without a built console, `/` says how to build it rather than answering a bare JSON 404.
      if (method === 'GET' && (url.pathname === '/' || url.pathname === '/index.html')) return sendBytes(response, 503, 'text/html; charset=utf-8', Buffer.from(consoleNotBuiltPage(lang)));
      return send(response, errorResult(404, 'not_found', coded('route_not_found', { route: `${method} ${url.pathname}` }), lang));
    }
    const body = await readBody(request);
    if (body === 'too_large') return send(response, errorResult(413, 'payload_too_large', coded('request_too_large_max', { maximum: MAX_WIRE_BYTES }), lang));
    const verified = await verifyBearer(request.headers.authorization);
    if (!verified.ok) return send(response, errorResult(401, 'unauthorized', verified.text, lang));
    const event = toEvent(request, url, body, matched, verified.claims);
    send(response, await handlers[matched.route.group](event, { awsRequestId: event.requestContext.requestId }));
    if (method !== 'GET') void relay?.flush();
  }

  /** What API Gateway's JWT authorizer does before any Lambda runs: 401 unless the token verifies. */
  async function verifyBearer(header: string | undefined): Promise<{ ok: true; claims: Record<string, string | number | boolean | string[]> } | { ok: false; text: Coded }> {
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (!token) return { ok: false, text: coded('local_token_required') };
    try {
      return { ok: true, claims: (await verifyToken(key, token)) as Record<string, string | number | boolean | string[]> };
    } catch {
      return { ok: false, text: coded('token_invalid') };
    }
  }

  const boundHost = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 3000, boundHost, () => done());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    demoUsers,
    store,
    key,
    ...(eventsFile ? { eventsFile, flushEvents: () => relay!.flush() } : {}),
    close: async () => {
      await relay?.close();
      await new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
      connection.raw.destroy();
      await dynamo.close();
    },
  };
}

async function makeDemoUsers(key: LocalKey, root: string): Promise<DemoUser[]> {
  const [schoolA = 'S001', schoolB = 'S002'] = await sampleSchoolIds(root);
  const people: Omit<DemoUser, 'token'>[] = [
    { user: '张会计', role: 'finance', label: '张会计 · 财务（创建拨款）' },
    { user: '李复核', role: 'finance', label: '李复核 · 财务（复核审批）' },
    { user: '王政策', role: 'policy', label: '王政策 · 政策（起草规则）' },
    { user: '赵审定', role: 'policy', label: '赵审定 · 政策（审定发布）' },
    { user: `school-${schoolA}`, role: 'school', schoolId: schoolA, label: `学校 ${schoolA}` },
    { user: `school-${schoolB}`, role: 'school', schoolId: schoolB, label: `学校 ${schoolB}` },
    { user: '管理员', role: 'admin', label: '管理员 · 系统管理' },
  ];
  return Promise.all(
    people.map(async (person) => ({ ...person, token: await signToken(key, { user: person.user, role: person.role, ...(person.schoolId ? { schoolId: person.schoolId } : {}), ttl: '12h' }) })),
  );
}

function readBody(request: IncomingMessage): Promise<Buffer | 'too_large'> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_WIRE_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => done(tooLarge ? 'too_large' : Buffer.concat(chunks)));
    request.on('error', fail);
  });
}

function errorResult(statusCode: number, code: string, text: Coded, lang: Lang): HttpResult {
  const body = { error: errorBody(new HttpError(statusCode, code, text), lang) };
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', 'access-control-allow-origin': '*' }, body: JSON.stringify(body) };
}

/** What `/` shows when web/dist has no console: how to build it, in the browser's language. */
function consoleNotBuiltPage(lang: Lang): string {
  const title = render({ code: 'console_not_built_title' }, lang);
  return `<!doctype html><html lang="${lang === 'zh' ? 'zh-CN' : 'en'}"><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif;max-width:40em;margin:4em auto"><h1>${title}</h1><p>${render({ code: 'console_not_built_hint' }, lang)}</p><pre>npm run build:web</pre></body></html>`;
}

function send(response: ServerResponse, result: HttpResult): void {
  const body = result.body === undefined ? Buffer.alloc(0) : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, { ...SECURITY_HEADERS, ...result.headers, 'content-length': String(body.length) });
  response.end(body);
}

function sendBytes(response: ServerResponse, statusCode: number, type: string, body: Buffer): void {
  send(response, { statusCode, headers: { 'content-type': type }, body: body.toString('base64'), isBase64Encoded: true });
}

import type * as z from 'zod';
import type { errorSchema } from '../../../contract/common';
import type { MessageParams } from '../../../domain/problems';

/**
 * The one place that talks HTTP. Every failure becomes an ApiError carrying the API's words
 * ({ error: { code, message, details } }), so pages never see raw JSON.
 */
export interface ProblemDetail {
  path: string;
  /** The catalogue code and its parameters, so the console renders the problem in its own language. */
  code?: string;
  params?: MessageParams;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ProblemDetail[] = [],
    /** The catalogue code and parameters the API rendered `message` from, so the console can render it itself. */
    readonly text?: { code: string; params?: MessageParams },
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let apiBase = '';
/** The console's language, sent as Accept-Language so that the API's words match the page's. */
let language = 'zh-CN';

export function setApiLanguage(lang: 'zh' | 'en'): void {
  language = lang === 'zh' ? 'zh-CN' : 'en';
}
let bearerToken: string | undefined;
let onUnauthorized: () => void = () => undefined;

export function configureClient(options: { apiUrl: string; token?: string; onUnauthorized?: () => void }): void {
  apiBase = options.apiUrl.replace(/\/$/, '');
  bearerToken = options.token;
  if (options.onUnauthorized) onUnauthorized = options.onUnauthorized;
}

export function setToken(token: string | undefined): void {
  bearerToken = token;
}

function headers(extra?: HeadersInit): Headers {
  const result = new Headers(extra);
  if (bearerToken) result.set('Authorization', `Bearer ${bearerToken}`);
  result.set('Accept-Language', language);
  return result;
}

async function send(method: string, path: string, body?: BodyInit | object, extraHeaders?: HeadersInit): Promise<Response> {
  const init: RequestInit = { method, headers: headers(extraHeaders) };
  if (body !== undefined) {
    const isRaw = typeof body === 'string' || body instanceof Blob || body instanceof ArrayBuffer || body instanceof FormData;
    init.body = isRaw ? (body as BodyInit) : JSON.stringify(body);
    if (!isRaw) (init.headers as Headers).set('Content-Type', 'application/json');
  }
  let response: Response;
  try {
    response = await fetch(`${apiBase}${path}`, init);
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

async function errorOf(response: Response): Promise<ApiError> {
  if (response.status === 401) onUnauthorized();
  const text = await response.text();
  try {
    // The contract's error body, or API Gateway's own { message }; either may be missing parts when a proxy answers.
    const parsed = JSON.parse(text) as { error?: Partial<z.output<typeof errorSchema>['error']>; message?: string };
    const error = parsed.error;
    if (error?.message) {
      const coded = error.messageCode ? { code: error.messageCode, ...(error.params ? { params: error.params } : {}) } : undefined;
      return new ApiError(response.status, error.code ?? 'error', error.message, error.details ?? [], coded);
    }
    // API Gateway's own refusals (e.g. an expired JWT) carry only { message }.
    if (typeof parsed.message === 'string') return new ApiError(response.status, 'gateway', parsed.message);
  } catch {
    // not JSON: fall through to the generic words
  }
  return new ApiError(response.status, 'unexpected', '');
}

export async function getJson<T>(path: string): Promise<T> {
  return (await send('GET', path)).json() as Promise<T>;
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: object): Promise<T> {
  const response = await send(method, path, body ?? {});
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export async function sendRaw<T>(method: 'POST' | 'PUT', path: string, body: BodyInit, contentType: string, extra?: Record<string, string>): Promise<T> {
  const response = await send(method, path, body, { 'Content-Type': contentType, ...extra });
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** Fetches a file with the caller's token and hands it to the browser as a download (POSTing `body` when given). */
export async function download(path: string, fallbackName: string, body?: object): Promise<void> {
  const response = body === undefined ? await send('GET', path) : await send('POST', path, body);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : (plain ?? fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** `?key=value&…` of the parts that are set, each encoded. */
export function queryString(values: object): string {
  const parts = Object.entries(values)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

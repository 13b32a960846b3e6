import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Headers on every answer of the local server (console files, /config.json, the API). The policy is what the built
 * console needs and no more: its own scripts only (no inline script, no eval), antd's runtime <style> elements
 * (hence 'unsafe-inline' for styles only), images and fonts from itself or data: URLs, API calls to itself, and no
 * framing by anyone (clickjacking). Checked in Chromium by test/e2e (a violation is a console error there).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

/** An address or name that only this machine can reach. */
export function isLoopback(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || name === '0:0:0:0:0:0:0:1' || name.startsWith('::ffff:127.');
  return false;
}

/** The host name a request was addressed to (its Host header without the port). */
export function requestHostName(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const host = request.headers.host;
  if (!host) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '');
}

/**
 * Demo sign-ins (ready-made tokens for every demo user, admin included) go only to a browser on this machine: the
 * server must listen on a loopback address, and the request must name a loopback host. A page on another site that
 * rebinds its DNS name to 127.0.0.1 (DNS rebinding) still sends its own name as Host, so it gets none.
 */
export function mayServeDemoSignIns(serverHost: string, request: Pick<IncomingMessage, 'headers'>): boolean {
  const asked = requestHostName(request);
  return isLoopback(serverHost) && asked !== undefined && isLoopback(asked);
}

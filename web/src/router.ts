import { useEffect, useState } from 'react';

/**
 * Hash routing (#/finance/runs/…): the local server serves the API at root paths, so no console
 * page may be a real path.
 */
export type RouteParams = Record<string, string>;

export function splitHash(hash: string): string[] {
  const path = hash.replace(/^#/, '').split('?')[0] ?? '';
  return path.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
}

/** The `?a=b` after a hash path (#/finance/runs/r1/schools/s1?against=r0), for what a link carries besides the page. */
export function hashQuery(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** "finance/runs/:runId" against ["finance","runs","r1"] → { runId: "r1" }; null if it does not match. */
export function matchRoute(pattern: string, segments: readonly string[]): RouteParams | null {
  const parts = pattern.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: RouteParams = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

export function hrefOf(...segments: (string | number)[]): string {
  return `#/${segments.map((segment) => encodeURIComponent(String(segment))).join('/')}`;
}

export function navigate(...segments: (string | number)[]): void {
  window.location.hash = hrefOf(...segments);
}

export function useHashSegments(): string[] {
  const [segments, setSegments] = useState(() => splitHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setSegments(splitHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return segments;
}

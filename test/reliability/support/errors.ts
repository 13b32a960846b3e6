import { expect } from 'vitest';
import type { Reply } from './service';

/** Signs of an internal error leaking: a stack frame, a source path, an SDK or runtime error name. */
const LEAK_PATTERNS = [/\n\s+at /, /\bat [\w.<>]+ \(/, /node_modules/, /\/work\//, /\.ts:\d+/, /\b(TypeError|RangeError|ReferenceError|SyntaxError|ValidationException|ResourceNotFoundException)\b/];

/** The text, if any, that looks like an internal error leaking into a public message. */
export function leakIn(text: string): string | undefined {
  return LEAK_PATTERNS.map((pattern) => pattern.exec(text)?.[0]).find(Boolean);
}

/**
 * A refusal the client can act on: a 4xx with the `{ error: { code, message, details } }` envelope, a message that
 * says something, and nothing internal in it. `statuses` narrows the accepted codes.
 */
export function expectClientError(reply: Reply, statuses?: number[], context = ''): void {
  const where = `${context} → ${reply.status} ${reply.text.slice(0, 400)}`;
  expect(reply.status, where).toBeGreaterThanOrEqual(400);
  expect(reply.status, where).toBeLessThan(500);
  if (statuses) expect(statuses, where).toContain(reply.status);
  expect(reply.body?.error?.code, where).toMatch(/^[a-z_]+$/);
  expect(typeof reply.body?.error?.message, where).toBe('string');
  expect(reply.body.error.message.length, where).toBeGreaterThan(5);
  expect(Array.isArray(reply.body.error.details), where).toBe(true);
  expect(leakIn(reply.text), where).toBeUndefined();
}

/** Counts fuzzed inputs per entry point; the suites print the table so the report can quote it. */
export class FuzzTally {
  private readonly counts = new Map<string, number>();
  add(entry: string, n = 1): void {
    this.counts.set(entry, (this.counts.get(entry) ?? 0) + n);
  }
  get(entry: string): number {
    return this.counts.get(entry) ?? 0;
  }
  print(title: string): void {
    const lines = [...this.counts].map(([entry, n]) => `  ${String(n).padStart(6)}  ${entry}`);
    const total = [...this.counts.values()].reduce((a, b) => a + b, 0);
    process.stdout.write(`\n[fuzz] ${title}: ${total} inputs\n${lines.join('\n')}\n`);
  }
}

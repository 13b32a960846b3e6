import type { z } from 'zod';

/**
 * Parameters of a message: plain JSON values only, so a message travels through the store, the API and the CLI
 * unchanged. Money is a decimal string in yuan, never a number.
 */
export type MessageParam = string | number | boolean | readonly string[];
export type MessageParams = Readonly<Record<string, MessageParam>>;

/**
 * What a person will read, as a stable code and its parameters. The domain returns these and never UI text; the
 * catalogue (`messages/`) renders them in zh-CN or en at the edge (API, CLI, exports, console).
 */
export interface Coded {
  code: string;
  params?: MessageParams;
}

/** One thing wrong with an input, at a JSON path ("tiers[1].perStudent") or a row ("row 7"). */
export interface Problem {
  path: string;
  /** Transitional: being filled in for every problem (issue 14); the catalogue renders it. */
  code?: string;
  params?: MessageParams;
  message: string;
}

export function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: toPath([...issue.path, key]), message: `unknown field "${key}"` }));
    }
    return [{ path: toPath(issue.path) || '(root)', message: issue.message }];
  });
}

/** A domain error that carries every problem, so callers can report them all at once. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly problems: Problem[],
    readonly code = 'invalid_input',
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** Renders a path as JSON-path-like text: tiers[1].perStudent, perStudentByTier["T 2"]. */
export function toPath(segments: readonly PropertyKey[]): string {
  return segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    const key = String(segment);
    return /^[A-Za-z_$][\w$]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
  }, '');
}

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
export interface Problem extends Coded {
  path: string;
}

export function coded(code: string, params?: MessageParams): Coded {
  return params ? { code, params } : { code };
}

export function problemAt(path: string, code: string, params?: MessageParams): Problem {
  return params ? { path, code, params } : { path, code };
}

/**
 * Every zod issue as a coded problem. Our own refinements carry their code in `params.code`; zod's built-in issue
 * kinds map to codes of their own. `input` (what was parsed) tells a missing field from one of the wrong type.
 */
export function zodProblems(error: z.ZodError, input?: unknown): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const path = toPath(issue.path) || '(root)';
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) => problemAt(toPath([...issue.path, key]), 'unknown_field', { field: key }));
      case 'invalid_type': {
        const value = valueAt(input, issue.path);
        if (value === MISSING || (value === undefined && /received undefined/.test(issue.message))) return [problemAt(path, 'field_required')];
        const expected = issue.expected === 'int' ? 'integer' : String(issue.expected);
        return [problemAt(path, 'wrong_type', { expected, received: value === MISSING ? 'unknown' : jsonType(value) })];
      }
      case 'too_small':
        if (issue.origin === 'string' && Number(issue.minimum) <= 1) return [problemAt(path, 'must_not_be_empty')];
        if (issue.origin === 'array') return [problemAt(path, 'too_few_items', { minimum: Number(issue.minimum) })];
        return [problemAt(path, issue.inclusive === false ? 'number_not_above' : 'number_too_small', { minimum: String(issue.minimum) })];
      case 'too_big':
        if (issue.origin === 'array') return [problemAt(path, 'too_many_items', { maximum: Number(issue.maximum) })];
        if (issue.origin === 'string') return [problemAt(path, 'text_too_long', { maximum: Number(issue.maximum) })];
        return [problemAt(path, issue.inclusive === false ? 'number_not_below' : 'number_too_large', { maximum: String(issue.maximum) })];
      case 'invalid_value':
        return [problemAt(path, 'not_one_of', { values: issue.values.map((value) => String(value)) })];
      case 'invalid_format':
        return [problemAt(path, 'invalid_format', { format: String(issue.format) })];
      case 'custom': {
        const params = (issue.params ?? {}) as Record<string, unknown>;
        if (typeof params.code === 'string') {
          const { code, ...rest } = params;
          return [problemAt(path, code, plainParams(rest))];
        }
        return [problemAt(path, 'invalid_value')];
      }
      default:
        return [problemAt(path, 'invalid_value')];
    }
  });
}

/** The parameters of a zod refinement: `{ code, ...params }`, as `ctx.addIssue` and `.refine` take them. */
export function issueParams(code: string, params: MessageParams = {}): { params: Record<string, unknown>; message: string } {
  return { params: { code, ...params }, message: code };
}

/** A domain error that carries every problem, so callers can report them all at once. */
export class InputError extends Error {
  constructor(
    readonly code: string,
    readonly problems: Problem[],
    readonly params?: MessageParams,
  ) {
    super(code);
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

const MISSING = Symbol('missing');

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  if (input === undefined) return undefined;
  let current: unknown = input;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || !(segment in (current as object))) return MISSING;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function plainParams(params: Record<string, unknown>): MessageParams {
  const plain: Record<string, MessageParam> = {};
  for (const [key, value] of Object.entries(params)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') plain[key] = value;
    else if (Array.isArray(value)) plain[key] = value.map(String);
  }
  return plain;
}

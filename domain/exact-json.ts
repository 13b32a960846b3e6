import { Decimal } from './decimal';
import type { Problem } from './problems';
import { toPath } from './problems';

/**
 * Numbers a JSON text holds that JSON.parse cannot give back exactly. JSON.parse turns every number into a binary
 * double, so `6000.0000000000001` silently becomes 6000 and a 25-digit budget loses its last digits: the value a
 * program then reads is not the value the person wrote. Any literal with at most 15 significant digits comes back
 * exactly (SPEC §1); longer ones only when the double happens to hold the same decimal value (`1.50000000000000000`).
 *
 * One pass over text that JSON.parse already accepted; no recursion, so nesting depth costs nothing.
 */
export function inexactNumbers(text: string): Array<{ path: string; literal: string }> {
  const found: Array<{ path: string; literal: string }> = [];
  // The path to the current value: a key for an object member, an index for an array element.
  const path: Array<string | number> = [];
  const containers: Array<'object' | 'array'> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"') {
      const end = endOfString(text, i);
      if (expectKey) {
        path[path.length - 1] = JSON.parse(text.slice(i, end + 1)) as string;
        expectKey = false;
      }
      i = end;
    } else if (char === '{' || char === '[') {
      containers.push(char === '{' ? 'object' : 'array');
      path.push(char === '{' ? '' : 0);
      expectKey = char === '{';
    } else if (char === '}' || char === ']') {
      containers.pop();
      path.pop();
    } else if (char === ',') {
      if (containers.at(-1) === 'array') path[path.length - 1] = (path.at(-1) as number) + 1;
      else expectKey = true;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      let end = i + 1;
      while (end < text.length && /[0-9eE.+-]/.test(text[end]!)) end++;
      const literal = text.slice(i, end);
      if (!carriesExactly(literal)) found.push({ path: toPath(path), literal });
      i = end - 1;
    }
  }
  return found;
}

/** The same, as problems for a refused input: one per number, at its path under `prefix`. */
export function inexactNumberProblems(text: string, prefix = ''): Problem[] {
  return inexactNumbers(text).map(({ path, literal }) => ({
    path: prefix && path ? `${prefix}.${path}` : prefix || path || '(root)',
    code: 'inexact_number',
    params: { literal: shorten(literal) },
  }));
}

function carriesExactly(literal: string): boolean {
  const digits = significant(literal);
  const read = Number(literal);
  // Out of range either way: 1e400 is Infinity, 1e-400 is 0.
  if (!Number.isFinite(read) || (read === 0 && digits > 0)) return false;
  if (digits <= 15) return true;
  try {
    return new Decimal(literal).equals(new Decimal(String(read)));
  } catch {
    return false;
  }
}

/** Significant digits of a JSON number literal (mantissa digits without leading zeros and trailing fraction zeros). */
function significant(literal: string): number {
  const mantissa = literal.replace(/^-/, '').split(/[eE]/)[0]!;
  const [whole = '', fraction = ''] = mantissa.split('.');
  const digits = (whole + fraction.replace(/0+$/, '')).replace(/^0+/, '');
  return digits.length;
}

function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function shorten(literal: string): string {
  return literal.length > 40 ? `${literal.slice(0, 20)}…${literal.slice(-8)} (${literal.length} characters)` : literal;
}

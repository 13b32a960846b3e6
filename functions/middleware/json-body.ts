import { coded } from '../../domain/problems';
import type { MiddlewareObj } from '@middy/core';
import { inexactNumberProblems } from '../../domain/exact-json';
import { badRequest } from '../http/errors';
import type { PreparedEvent } from '../http/types';

/** Far deeper than any rule set (about 5 levels); deep enough nesting would overflow the stack of whatever walks it. */
export const MAX_JSON_DEPTH = 64;

/**
 * Decodes the body into `bodyBytes`; when it is JSON (by content type, or any non-file body starting with { or [,
 * since many clients label JSON as form data) parses it into `json`, answering 400 on malformed JSON.
 */
/** A number with 16 or more significant digits has at least 16 digits in a run of digits and points; one out of a
 * double's range has an exponent of three digits. Anything else is read exactly. */
const MAYBE_INEXACT = /[0-9.]{16,}|[eE][+-]?\d{3}/;

/** Bodies that are uploaded files, never request JSON. */
const FILE_TYPES = /^(text\/csv|application\/octet-stream|application\/vnd\.openxmlformats)/;

export function jsonBody(): MiddlewareObj<PreparedEvent> {
  return {
    before: ({ event }) => {
      if (event.body === undefined || event.body === '') return;
      event.bodyBytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
      const contentType = (event.headers['content-type'] ?? '').toLowerCase();
      const looksJson = contentType.includes('json') || (!FILE_TYPES.test(contentType) && /^\s*[[{]/.test(event.bodyBytes.subarray(0, 64).toString('utf8')));
      if (!looksJson) return;
      const text = event.bodyBytes.toString('utf8');
      const depth = nestingDepth(text);
      if (depth > MAX_JSON_DEPTH) throw badRequest(coded('json_too_deep', { depth, maximum: MAX_JSON_DEPTH }), [], 'too_deeply_nested');
      try {
        event.json = JSON.parse(text);
      } catch {
        throw badRequest(coded('json_malformed'), [], 'malformed_json');
      }
      // A number JSON.parse rounded (a 20-digit budget, 6000.0000000000001 in a rule set) would be stored as a value
      // nobody wrote: refused with its path instead. Only bodies with a long digit run or a big exponent are scanned.
      if (MAYBE_INEXACT.test(text)) {
        const inexact = inexactNumberProblems(text, 'body');
        if (inexact.length) throw badRequest(coded('inexact_numbers_in_body', { count: inexact.length }), inexact, 'inexact_number');
      }
    },
  };
}

/** The deepest bracket nesting of JSON text, brackets inside strings not counted; one pass, no recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}

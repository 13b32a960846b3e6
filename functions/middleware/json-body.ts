import type { MiddlewareObj } from '@middy/core';
import { badRequest } from '../http/errors';
import type { PreparedEvent } from '../http/types';

/**
 * Decodes the body into `bodyBytes`; when it is JSON (by content type, or any non-file body starting with { or [,
 * since many clients label JSON as form data) parses it into `json`, answering 400 on malformed JSON.
 */
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
      try {
        event.json = JSON.parse(event.bodyBytes.toString('utf8'));
      } catch (error) {
        throw badRequest(`the body is not valid JSON: ${(error as Error).message}`, [], 'malformed_json');
      }
    },
  };
}

import { coded } from '../../domain/problems';
import type { MiddlewareObj } from '@middy/core';
import { HttpError } from '../http/errors';
import type { PreparedEvent } from '../http/types';

/** Lambda's synchronous payload limit; API Gateway would refuse more anyway, the local server must too. */
export const DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;

/** 413 before anything decodes a body larger than `maxBytes` (measured decoded, so base64 does not count 4/3). */
export function requestSizeLimit(opts: { maxBytes?: number } = {}): MiddlewareObj<PreparedEvent> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  return {
    before: ({ event }) => {
      const body = event.body ?? '';
      const bytes = event.isBase64Encoded ? Math.floor((body.length * 3) / 4) : Buffer.byteLength(body);
      if (bytes > maxBytes) {
        throw new HttpError(413, 'payload_too_large', coded('request_too_large', { bytes, maximum: maxBytes }));
      }
    },
  };
}

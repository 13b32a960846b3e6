import type { Coded, Problem } from '../../domain/problems';

/**
 * An error that already knows its HTTP status and public code; the error handler renders it as is. `text` is what a
 * person reads, as a catalogue code and its parameters (messages/api.ts), rendered in the caller's language.
 * `detailCount` is how many problems there were when `details` holds only the first of them.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly text: Coded,
    readonly details: Problem[] = [],
    readonly detailCount: number = details.length,
  ) {
    // The message is for logs only; people read `text` rendered.
    super(text.params ? `${text.code} ${JSON.stringify(text.params)}` : text.code);
    this.name = 'HttpError';
  }
}

export const badRequest = (text: Coded, details: Problem[] = [], code = 'bad_request') => new HttpError(400, code, text, details);
export const unauthorized = (text: Coded) => new HttpError(401, 'unauthorized', text);
export const forbidden = (text: Coded) => new HttpError(403, 'forbidden', text);
export const notFound = (text: Coded) => new HttpError(404, 'not_found', text);
export const conflict = (code: string, text: Coded, details: Problem[] = []) => new HttpError(409, code, text, details);
export const unprocessable = (code: string, text: Coded, details: Problem[] = [], detailCount = details.length) => new HttpError(422, code, text, details, detailCount);

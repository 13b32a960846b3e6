import type { Problem } from '../../domain/problems';

/** An error that already knows its HTTP status and public code; the error handler renders it as is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: Problem[] = [],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, details: Problem[] = [], code = 'bad_request') => new HttpError(400, code, message, details);
export const unauthorized = (message: string) => new HttpError(401, 'unauthorized', message);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
export const notFound = (message: string) => new HttpError(404, 'not_found', message);
export const conflict = (code: string, message: string, details: Problem[] = []) => new HttpError(409, code, message, details);
export const unprocessable = (code: string, message: string, details: Problem[] = []) => new HttpError(422, code, message, details);

import type { HttpResult } from './types';

export function json(body: unknown, statusCode = 200, headers: Record<string, string> = {}): HttpResult {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

export function file(bytes: Uint8Array | string, contentType: string, fileName: string): HttpResult {
  const disposition = `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  if (typeof bytes === 'string') return { statusCode: 200, headers: { 'content-type': contentType, 'content-disposition': disposition }, body: bytes };
  return { statusCode: 200, headers: { 'content-type': contentType, 'content-disposition': disposition }, body: Buffer.from(bytes).toString('base64'), isBase64Encoded: true };
}

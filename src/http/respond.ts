import type { ServerResponse } from 'node:http';

/** Writes a JSON answer directly: cheaper than res.json, which also computes an ETag and sniffs types. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

/** The path of a request URL, without its query string (which may hold an access_token). */
export function pathOf(url: string | undefined): string {
  const end = url === undefined ? -1 : url.indexOf('?');
  return url === undefined ? '/' : end < 0 ? url : url.slice(0, end);
}

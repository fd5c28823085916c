import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * CORS for one configured origin (PARLEY_CORS_ORIGIN); without it no CORS header is sent,
 * so browsers keep other origins out. Returns true when it answered a preflight itself
 * (preflights carry no token, so they are answered before authentication).
 */
export function applyCors(origin: string, req: IncomingMessage, res: ServerResponse): boolean {
  res.appendHeader('Vary', 'Origin');
  if (req.headers.origin !== origin) return false;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', 'ETag, Location');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST');
  res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match, Last-Event-ID');
  res.setHeader('Access-Control-Max-Age', '600');
  res.statusCode = 204;
  res.end();
  return true;
}

import type { RequestHandler } from 'express';

/**
 * CORS for one configured origin (PARLEY_CORS_ORIGIN); without it this is not mounted and no
 * CORS header is sent, so browsers keep other origins out. A preflight is answered here
 * (preflights carry no token, so they are answered before authentication).
 */
export function cors(origin: string): RequestHandler {
  return (req, res, next) => {
    res.appendHeader('Vary', 'Origin');
    if (req.headers.origin !== origin) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'ETag, Location');
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, If-Match, Last-Event-ID');
    res.setHeader('Access-Control-Max-Age', '600');
    res.statusCode = 204;
    res.end();
  };
}

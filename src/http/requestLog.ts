import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pathOf } from './respond.js';

/**
 * One structured line per request once it is answered: method, path (never the query
 * string, which may hold an access_token), status, duration and principal. No headers, no bodies.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const path = pathOf(req.url);
    res.once('close', () => {
      logger.info(
        {
          method: req.method,
          path,
          status: res.statusCode,
          ms: Math.round((performance.now() - started) * 10) / 10,
          principal: req.principal?.name,
          aborted: !res.writableFinished || undefined,
        },
        'request',
      );
    });
    next();
  };
}

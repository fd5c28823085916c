import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { applyCors } from './cors.js';
import { logWhenDone } from './requestLog.js';
import { setSecurityHeaders } from './securityHeaders.js';

/** What every request goes through first, as one middleware: its log line, the security headers, CORS. */
export function frontDoor(logger: Logger, corsOrigin: string | undefined): RequestHandler {
  return (req, res, next) => {
    logWhenDone(logger, req, res);
    setSecurityHeaders(res);
    if (corsOrigin !== undefined && applyCors(corsOrigin, req, res)) return;
    next();
  };
}

import type { RequestHandler } from 'express';
import { LiveFeedFullError, ValidationError } from '../../errors.js';
import type { LiveHub } from '../live/liveHub.js';
import { LiveQuery, parseQuery } from '../params.js';

/** How long a browser waits before reconnecting (sent as the stream's `retry:`). */
const RETRY_MS = 3_000;
/** How long a client refused for a full feed is asked to wait. */
const FULL_RETRY_SECONDS = 10;

function lastEventIdOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header.trim())) {
    throw new ValidationError('Last-Event-ID must be a global position', [{ path: 'Last-Event-ID', message: 'expected a whole number' }]);
  }
  return Number(header.trim());
}

/**
 * GET /events/live: Server-Sent Events in global order, resuming after Last-Event-ID (or
 * `?after=`). A connection counts against the server's cap and its token's (a request
 * without a token: its client address's); over either, 503 with Retry-After.
 */
export function liveHandler(hub: LiveHub): RequestHandler {
  return async (req, res) => {
    const query = parseQuery(LiveQuery, req);
    const after = lastEventIdOf(req.headers['last-event-id']) ?? query.after;
    const client = req.principal ? `token ${req.principal.name}` : `address ${req.socket.remoteAddress ?? ''}`;
    const place = hub.admission.admit(client);
    if ('refused' in place) {
      const whose = place.refused === 'server' ? 'this server' : req.principal ? 'this token' : 'this address';
      throw new LiveFeedFullError(`the live feed has as many connections as it takes for ${whose}; try again later`, FULL_RETRY_SECONDS);
    }
    res.once('close', place.release);
    if (res.destroyed) place.release(); // gone already: no close is coming
    req.socket.setNoDelay(true);
    req.socket.setTimeout(0);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    await hub.attach(res, after);
  };
}

import type { RequestHandler } from 'express';
import { ValidationError } from '../../errors.js';
import type { LiveHub } from '../live/liveHub.js';
import { LiveQuery, parseQuery } from '../params.js';

/** How long a browser waits before reconnecting (sent as the stream's `retry:`). */
const RETRY_MS = 3_000;

function lastEventIdOf(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^\d{1,15}$/.test(header.trim())) {
    throw new ValidationError('Last-Event-ID must be a global position', [{ path: 'Last-Event-ID', message: 'expected a whole number' }]);
  }
  return Number(header.trim());
}

/** GET /events/live: Server-Sent Events in global order, resuming after Last-Event-ID (or `?after=`). */
export function liveHandler(hub: LiveHub): RequestHandler {
  return async (req, res) => {
    const query = parseQuery(LiveQuery, req);
    const after = lastEventIdOf(req.headers['last-event-id']) ?? query.after;
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

import type { IncomingMessage } from 'node:http';
import { LiveFeedFullError, ValidationError } from '../../errors.js';
import type { LiveQuery } from '../params.js';
import type { Call, HeaderPart } from '../route.js';

/** How long a browser waits before reconnecting (sent as the stream's `retry:`). */
const RETRY_MS = 3_000;
/** How long a client refused for a full feed is asked to wait. */
const FULL_RETRY_SECONDS = 10;

/** `Last-Event-ID: 42` → 42; absent → undefined; anything else → 400. */
export function lastEventIdOf(req: IncomingMessage): number | undefined {
  const header = req.headers['last-event-id'];
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
export async function live({ input, services: { hub }, principal, req, res }: Call<{ query: typeof LiveQuery; headers: HeaderPart<number | undefined> }>) {
  const after = input.headers ?? input.query.after;
  const client = principal ? `token ${principal.name}` : `address ${req.socket.remoteAddress ?? ''}`;
  const place = hub.admission.admit(client);
  if ('refused' in place) {
    const whose = place.refused === 'server' ? 'this server' : principal ? 'this token' : 'this address';
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
  return undefined;
}

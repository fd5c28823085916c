import type { IncomingMessage } from 'node:http';
import { ParleyError } from '../errors.js';

/** A request body that is not JSON. */
export class UnsupportedMediaTypeError extends ParleyError {
  override readonly status = 415;
  override readonly title = 'Unsupported media type';
}

/** Whether a request carries a body at all (an empty one does not count). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** A byte count as a person reads a limit: `16 MiB`, `100 KiB`, `512 bytes`. */
export function byteSize(bytes: number): string {
  const round = (value: number) => String(Math.round(value * 10) / 10);
  if (bytes >= 1024 * 1024) return `${round(bytes / (1024 * 1024))} MiB`;
  if (bytes >= 1024) return `${round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** A request body over the route's limit (1 MiB for appends, 16 MiB for an import). */
export class PayloadTooLargeError extends ParleyError {
  override readonly status = 413;
  override readonly title = 'Request body too large';
  constructor(limit: number) {
    super(`the request body is over ${byteSize(limit)}`);
  }
}

/** A refusal that passes: the answer carries `Retry-After`. */
export class RetryLaterError extends ParleyError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Too many failed authentications from one client address. */
export class TooManyFailuresError extends RetryLaterError {
  override readonly status = 429;
  override readonly title = 'Too many requests';
}

/** The live feed has as many connections as it takes (for the server, or for this token). */
export class LiveFeedFullError extends RetryLaterError {
  override readonly status = 503;
  override readonly title = 'Live feed full';
}

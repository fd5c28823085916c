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

/** A request body over the limit (1 MiB for appends). */
export class PayloadTooLargeError extends ParleyError {
  override readonly status = 413;
  override readonly title = 'Request body too large';
  constructor(limit: number) {
    super(`the request body is over ${limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MiB` : `${limit} bytes`}`);
  }
}

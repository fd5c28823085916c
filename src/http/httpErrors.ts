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

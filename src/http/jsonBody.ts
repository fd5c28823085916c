import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether a request carries a body at all (an empty one does not count). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** application/json or any application/*+json, charset UTF-8 (or none). */
export function isJsonType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type = '', ...parameters] = contentType.split(';');
  const media = type.trim().toLowerCase();
  if (media !== 'application/json' && !(media.startsWith('application/') && media.endsWith('+json'))) return false;
  return parameters.every((parameter) => {
    const [name = '', value = ''] = parameter.split('=');
    return name.trim().toLowerCase() !== 'charset' || /^"?utf-8"?$/i.test(value.trim());
  });
}

/**
 * Reads a JSON request body of at most `limit` bytes into req.body: 400 without a body or
 * with malformed JSON, 413 over the limit (refused from Content-Length before reading when
 * it says so), 415 for another media type, charset or a content encoding. A lean stand-in
 * for express.json() on the append path, where every microsecond of the request counts.
 */
export function jsonBody(limit: number): RequestHandler {
  return (req, res, next) => {
    if (!hasBody(req)) return next(new ValidationError('the request needs a JSON body'));
    const contentType = req.headers['content-type'];
    if (!isJsonType(contentType)) {
      return next(new UnsupportedMediaTypeError(`send the body as application/json (UTF-8), not ${contentType ?? 'an untyped body'}`));
    }
    const encoding = req.headers['content-encoding'];
    if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
      return next(new UnsupportedMediaTypeError(`send the body without content encoding, not ${encoding}`));
    }
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      res.setHeader('Connection', 'close'); // not worth reading the rest of: the connection goes after the answer
      req.resume();
      return next(new PayloadTooLargeError(limit));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      req.off('data', onData);
      req.resume(); // drain the rest so the answer can still be read by the client
      next(error);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        res.setHeader('Connection', 'close');
        return fail(new PayloadTooLargeError(limit));
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('aborted', () => fail(new ValidationError('the request body was not received in full')));
    req.once('error', () => fail(new ValidationError('the request body could not be read')));
    req.once('end', () => {
      if (failed) return;
      if (!Number.isNaN(declared) && declared !== size) return fail(new ValidationError('the request body does not match its Content-Length'));
      let text: string;
      try {
        text = UTF8.decode(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
      } catch {
        return fail(new ValidationError('the request body is not valid UTF-8'));
      }
      try {
        req.body = JSON.parse(text);
      } catch {
        return fail(new ValidationError('the request body is not valid JSON'));
      }
      next();
    });
  };
}

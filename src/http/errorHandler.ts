import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import {
  fieldErrorsOf,
  ParleyError,
  PayloadTooLargeError,
  RetryLaterError,
  StoreUnavailableError,
  ValidationError,
  WrongExpectedRevisionError,
} from '../errors.js';
import { problem, sendProblem, type Problem } from './problem.js';
import { pathOf } from './respond.js';

/** body-parser's error types and the answers they deserve. */
const BODY_ERRORS: Record<string, [number, string, string]> = {
  'entity.parse.failed': [400, 'Malformed JSON', 'the request body is not valid JSON'],
  'encoding.unsupported': [415, 'Unsupported content encoding', 'send the body without content encoding'],
  'charset.unsupported': [415, 'Unsupported charset', 'send the body as UTF-8'],
  'request.aborted': [400, 'Request aborted', 'the request body was not received in full'],
  'request.size.invalid': [400, 'Request size mismatch', 'the request body does not match its Content-Length'],
};

/**
 * What a client is told when the store fails. The driver's words (database names, SQLSTATEs,
 * addresses) are for the operator: they stay in the error, which the log records.
 */
export const STORE_UNAVAILABLE_DETAIL = 'the event store cannot answer now; try again later';

/** The problem document an error answers with; undefined for an unexpected failure (500). */
export function problemOf(error: unknown): Problem | undefined {
  if (error instanceof StoreUnavailableError) return problem(503, error.title, STORE_UNAVAILABLE_DETAIL);
  if (error instanceof ValidationError) return problem(400, error.title, error.message, { errors: error.errors });
  if (error instanceof WrongExpectedRevisionError) {
    return problem(412, error.title, error.message, { currentRevision: error.actual });
  }
  if (error instanceof ParleyError) return problem(error.status, error.title, error.message);
  if (error instanceof ZodError) return problem(400, 'Invalid request', 'the request does not match the schema', { errors: fieldErrorsOf(error) });
  const typed = error as { type?: unknown; status?: unknown; expose?: unknown; limit?: unknown };
  if (typed.type === 'entity.too.large' && typeof typed.limit === 'number') return problemOf(new PayloadTooLargeError(typed.limit));
  if (typeof typed.type === 'string' && BODY_ERRORS[typed.type]) {
    const [status, title, detail] = BODY_ERRORS[typed.type]!;
    return problem(status, title, detail);
  }
  // Client errors raised by express itself: a malformed percent-encoding in the path is a URIError with status 400.
  if ((typed.expose === true || error instanceof URIError) && typeof typed.status === 'number' && typed.status >= 400 && typed.status < 500) {
    return problem(typed.status, 'Bad request', 'the request cannot be read');
  }
  return undefined;
}

/** The one error middleware: every failure becomes a problem document; never a stack trace. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const known = problemOf(error);
    if (known) {
      if (known.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="parley"');
      const where = { err: error, method: req.method, path: pathOf(req.originalUrl ?? req.url) };
      // A refusal that passes (a full live feed) is the request log's to record, not a failure to explain.
      if (error instanceof RetryLaterError) res.setHeader('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterSeconds))));
      else if (known.status === 503) logger.warn(where, 'store unavailable');
      else if (known.status >= 500) logger.error(where, 'request failed');
      sendProblem(res, known);
      return;
    }
    logger.error({ err: error, method: req.method, path: pathOf(req.originalUrl ?? req.url) }, 'request failed');
    sendProblem(res, problem(500, 'Internal error', 'the server could not answer this request'));
  };
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, problem(404, 'Not found', `no route for ${req.method} ${pathOf(req.originalUrl ?? req.url)}`));
};

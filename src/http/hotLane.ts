import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';

export interface HotRoutes {
  /** POST /negotiations/{id}/events */
  readonly append: readonly RequestHandler[];
  /** GET /negotiations/{id} */
  readonly state: readonly RequestHandler[];
}

const APPEND = /^\/negotiations\/([^/?#]+)\/events(?:\?|$)/;
const STATE = /^\/negotiations\/([^/?#]+)(?:\?|$)/;

/**
 * The two hot routes (record an event, read a state) run the same handlers as the express
 * app, but dispatched here directly: express's per-request setup (prototype swaps, the
 * router's layer walk) costs more than the rest of an append. Anything that is not exactly
 * one of these two paths (trailing slash, other case, bad encoding) is left to express,
 * so both ways answer alike. Returns false when the request is not for it.
 */
export function hotLane(first: readonly RequestHandler[], routes: HotRoutes, onError: ErrorRequestHandler) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url ?? '';
    let match: RegExpExecArray | null = null;
    let handlers: readonly RequestHandler[];
    if (req.method === 'POST' && (match = APPEND.exec(url))) handlers = routes.append;
    else if (req.method === 'GET' && (match = STATE.exec(url))) handlers = routes.state;
    else return false;
    let id: string;
    try {
      id = decodeURIComponent(match[1]!);
    } catch {
      return false;
    }
    const request = req as Request;
    const response = res as Response;
    request.params = { id };
    run([...first, ...handlers], request, response, onError);
    return true;
  };
}

/** Calls the handlers in turn, as express does: `next()` moves on, `next(error)` or a rejection goes to onError. */
function run(handlers: readonly RequestHandler[], req: Request, res: Response, onError: ErrorRequestHandler): void {
  let index = 0;
  const fail = (error: unknown): void => {
    onError(error, req, res, () => undefined);
  };
  const next = (error?: unknown): void => {
    if (error !== undefined && error !== null) return fail(error);
    const handler = handlers[index++];
    if (!handler) return;
    try {
      const result = handler(req, res, next) as unknown;
      if (result instanceof Promise) result.catch(fail);
    } catch (thrown) {
      fail(thrown);
    }
  };
  next();
}

import type { ServerResponse } from 'node:http';
import type { FieldError } from '../errors.js';

/** An RFC 9457 problem document. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  readonly [extension: string]: unknown;
}

export const PROBLEM_TYPE = 'application/problem+json';

export function problem(status: number, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: 'about:blank', title, status, detail, ...extra };
}

/** Writes a problem document; headers already sent (a stream in progress) leave only closing the connection. */
export function sendProblem(res: ServerResponse, body: Problem): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  res.statusCode = body.status;
  res.setHeader('Content-Type', `${PROBLEM_TYPE}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.setHeader('Cache-Control', 'no-store');
  res.end(text);
}

import express, { type RequestHandler } from 'express';
import { importEvents } from '../../app/importEvents.js';
import { bytesLines, type LineSource } from '../../app/jsonLines.js';
import { UnsupportedMediaTypeError, ValidationError } from '../../errors.js';
import { hasBody } from '../jsonBody.js';
import { answer, type BodyPart, type Call } from '../route.js';

const JSON_LINES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** The body as bytes: lines are decoded one by one, so a line that is not UTF-8 is refused by number, never patched. */
export const importBody = express.raw({ type: JSON_LINES, limit: MAX_IMPORT_BYTES });

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;

export const requireJsonLines: RequestHandler = (req, _res, next) => {
  if (req.is(JSON_LINES)) {
    const charset = CHARSET.exec(req.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && charset.toLowerCase() !== 'utf-8') return next(new UnsupportedMediaTypeError(`send the JSON Lines as UTF-8, not ${charset}`));
    return next();
  }
  if (!hasBody(req)) return next(new ValidationError('the request needs a JSON Lines body'));
  next(new UnsupportedMediaTypeError('send the events as application/x-ndjson: one RecordedEvent or EventInput with negotiationId per line'));
};

/** The request body's lines, split and decoded as `parley import` reads a file. */
export function bodyLines(body: unknown): LineSource {
  return bytesLines('request body', Buffer.isBuffer(body) ? body : Buffer.alloc(0));
}

/** POST /admin/import: `parley import` over HTTP (admin only); all or nothing per file, idempotent on event id. */
export async function importLines({ input, services: { parley }, principal }: Call<{ body: BodyPart<LineSource> }>) {
  return answer(200, await importEvents(parley, input.body, { recordedBy: principal!.name }));
}

/** POST /admin/rebuild: recreates the read model from the log in the background; 202 with its progress. */
export function startRebuild({ services: { parley } }: Call<object>) {
  return answer(202, parley.rebuildJob.start());
}

/** GET /admin/rebuild: the progress of the last rebuild. */
export function rebuildStatus({ services: { parley } }: Call<object>) {
  return answer(200, parley.rebuildJob.current);
}

import express, { type RequestHandler } from 'express';
import type { Parley } from '../../app/parley.js';
import { importEvents } from '../../app/importEvents.js';
import { textLines } from '../../app/jsonLines.js';
import { ValidationError } from '../../errors.js';
import { hasBody, UnsupportedMediaTypeError } from '../httpErrors.js';
import { sendJson } from '../respond.js';

const JSON_LINES = ['application/x-ndjson', 'application/jsonl', 'application/json-lines'];
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

export const importBody = express.text({ type: JSON_LINES, limit: MAX_IMPORT_BYTES });

export const requireJsonLines: RequestHandler = (req, _res, next) => {
  if (req.is(JSON_LINES)) return next();
  if (!hasBody(req)) return next(new ValidationError('the request needs a JSON Lines body'));
  next(new UnsupportedMediaTypeError('send the events as application/x-ndjson: one RecordedEvent or EventInput with negotiationId per line'));
};

/** POST /admin/import: `parley import` over HTTP (admin only); all or nothing per file, idempotent on event id. */
export function importHandler(parley: Parley): RequestHandler {
  return async (req, res) => {
    const text = typeof req.body === 'string' ? req.body : '';
    const result = await importEvents(parley, textLines('request body', text), { recordedBy: req.principal!.name });
    sendJson(res, 200, result);
  };
}

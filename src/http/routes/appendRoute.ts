import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { Parley } from '../../app/parley.js';
import { EventInput, MAX_BATCH } from '../../events/eventInput.js';
import { fieldErrorsOf, ValidationError } from '../../errors.js';
import { jsonBody } from '../jsonBody.js';
import { etagOf, expectedRevisionOf, negotiationIdOf } from '../params.js';
import { sendJson } from '../respond.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const Batch = z.array(EventInput).min(1).max(MAX_BATCH);

export const appendBody = jsonBody(MAX_BODY_BYTES);

/** One event or an atomic batch of 1–1,000, validated with the catalogue's schemas. */
export function eventInputsOf(body: unknown): EventInput[] {
  const batch = Array.isArray(body);
  const result = batch ? Batch.safeParse(body) : EventInput.safeParse(body);
  if (!result.success) {
    throw new ValidationError(batch ? 'the batch holds an invalid event' : 'the event is invalid', fieldErrorsOf(result.error));
  }
  return batch ? (result.data as EventInput[]) : [result.data as EventInput];
}

/** POST /negotiations/{id}/events: 201 with ETag, or 200 for an idempotent retry. */
export function appendHandler(parley: Parley): RequestHandler {
  return async (req: Request, res) => {
    const negotiationId = negotiationIdOf(req);
    const expectedRevision = expectedRevisionOf(req);
    const inputs = eventInputsOf(req.body);
    const outcome = await parley.append({ negotiationId, inputs, expectedRevision, recordedBy: req.principal!.name });
    const { created, ...body } = outcome;
    res.setHeader('ETag', etagOf(outcome.revision));
    res.setHeader('Location', `/negotiations/${negotiationId}/events?fromRevision=${outcome.events[0]!.revision}`);
    sendJson(res, created ? 201 : 200, body);
  };
}

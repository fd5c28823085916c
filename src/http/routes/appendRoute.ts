import { z } from 'zod';
import { EventInput, MAX_BATCH } from '../../events/eventInput.js';
import { fieldErrorsOf, ValidationError } from '../../errors.js';
import { jsonBody } from '../jsonBody.js';
import { etagOf, type NegotiationPath } from '../params.js';
import { answer, type BodyPart, type Call, type HeaderPart } from '../route.js';

export const MAX_BODY_BYTES = 1024 * 1024;
const Batch = z.array(EventInput).min(1).max(MAX_BATCH);

/** The body of an append: one event or an atomic batch of 1–1,000. */
export const AppendBody = z.union([EventInput, Batch]).meta({ description: `one EventInput, or an array of 1–${MAX_BATCH} appended atomically` });

/** Reads the JSON body: a lean stand-in for express.json() on the append path. */
export const receiveAppendBody = jsonBody(MAX_BODY_BYTES);

/** One event or an atomic batch of 1–1,000, validated with the catalogue's schemas. */
export function eventInputsOf(body: unknown): EventInput[] {
  const [single, batch] = AppendBody.options;
  const isBatch = Array.isArray(body);
  const result = isBatch ? batch.safeParse(body) : single.safeParse(body);
  if (!result.success) {
    throw new ValidationError(isBatch ? 'the batch holds an invalid event' : 'the event is invalid', fieldErrorsOf(result.error));
  }
  return isBatch ? (result.data as EventInput[]) : [result.data as EventInput];
}

/** POST /negotiations/{id}/events: 201 with ETag, or 200 for an idempotent retry. */
export async function append({
  input,
  services: { parley },
  principal,
}: Call<{ path: typeof NegotiationPath; headers: HeaderPart<number | undefined>; body: BodyPart<EventInput[]> }>) {
  const negotiationId = input.path.id;
  const outcome = await parley.append({ negotiationId, inputs: input.body, expectedRevision: input.headers, recordedBy: principal!.name });
  const { created, ...body } = outcome;
  const headers = { ETag: etagOf(outcome.revision), Location: `/negotiations/${negotiationId}/events?fromRevision=${outcome.events[0]!.revision}` };
  return created ? answer(201, body, headers) : answer(200, body, headers);
}

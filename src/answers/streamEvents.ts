import { z } from 'zod';
import { RecordedEvent } from '../events/recordedEvent.js';
import type { Answer } from './answer.js';

/** GET /negotiations/{id}/events: a stream's raw log, corrections and retractions as recorded. */
export const StreamEvents = z.object({ negotiationId: z.string(), items: z.array(RecordedEvent) });
export type StreamEvents = Answer<typeof StreamEvents>;

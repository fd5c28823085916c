import { z } from 'zod';
import { LoggedEvent } from './loggedEvent.js';
import type { Answer } from './answer.js';

/** GET /negotiations/{id}/events: a stream's raw log, corrections and retractions as recorded. */
export const StreamEvents = z.object({ negotiationId: z.string(), items: z.array(LoggedEvent) });
export type StreamEvents = Answer<typeof StreamEvents>;

import { z } from 'zod';
import { LoggedEvent } from './loggedEvent.js';
import type { Answer } from './answer.js';

/** One page of the global log, by position (GET /events). */
export const EventPage = z
  .object({ items: z.array(LoggedEvent), next: z.int().nullable().meta({ description: 'pass as `after` for the next page; null at the end' }) })
  .meta({ id: 'EventPage' });
export type EventPage = Answer<typeof EventPage>;

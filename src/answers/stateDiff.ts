import { z } from 'zod';
import { NegotiationId, NegotiationStatus, Party } from '../events/primitives.js';
import type { Answer } from './answer.js';
import { cutFields } from './cut.js';
import { Meetings } from './negotiationState.js';

const ListDiff = z.object({
  added: z.array(z.unknown()),
  removed: z.array(z.unknown()),
  changed: z.array(z.object({ id: z.string(), from: z.unknown(), to: z.unknown() })),
});
const Change = <T extends z.ZodType>(schema: T) => z.object({ from: schema.nullable(), to: schema });

/** What changed in a negotiation's state between two asOf cuts (GET /negotiations/{id}/diff). */
export const StateDiff = z
  .object({
    negotiationId: NegotiationId,
    from: z.string(),
    to: z.string(),
    status: Change(NegotiationStatus).optional(),
    title: Change(z.string()).optional(),
    parties: z.object({ added: z.array(Party), removed: z.array(Party) }),
    meetings: Change(Meetings).optional(),
    statements: Change(z.int()).optional(),
    offers: ListDiff,
    requests: ListDiff,
    grants: ListDiff,
    ...cutFields,
  })
  .meta({ id: 'StateDiff' });
export type StateDiff = Answer<typeof StateDiff>;

/** What a comparison of two presented states finds; the route adds the negotiation and the cuts. */
export type StateChanges = Omit<StateDiff, 'negotiationId' | 'from' | 'to' | keyof typeof cutFields>;

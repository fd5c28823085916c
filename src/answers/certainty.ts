import { z } from 'zod';

/** CONTRACT §2.2: whether an event had happened by asOf, or only possibly had (its interval started, not ended). */
export const Certainty = z.enum(['definite', 'possible']).meta({
  id: 'Certainty',
  description: 'definite: the event\'s occurredAt interval had ended by asOf; possible: it had started, not ended (the event does not count in the state)',
});

/** CONTRACT §2.2: whether the negotiation had opened by asOf, or only possibly had. */
export const Exists = z.enum(['yes', 'possibly']).meta({
  id: 'Exists',
  description: 'yes: its NegotiationOpened had happened by asOf; possibly: its interval had started, not ended (the opening is in `pending`)',
});

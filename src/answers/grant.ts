import { z } from 'zod';
import { NegotiationId } from '../events/primitives.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';

export const GrantStatus = z.enum(['active', 'expired', 'revoked']);

/** A grant as a negotiation's state lists it; the access register adds its negotiationId. */
export const grantFields = {
  grantId: z.string(),
  grantee: z.string(),
  grantor: z.string(),
  model: z.string(),
  scope: z.string().nullable(),
  validFrom: TimePoint,
  validUntil: TimePoint.nullable(),
  status: GrantStatus,
  revokedAt: TimePoint.optional(),
  requestId: z.string().optional(),
};

/** CONTRACT §4 Grant: an entry of the access register, with its status at the cut. */
export const Grant = z
  .object({ negotiationId: NegotiationId, ...grantFields })
  .meta({ id: 'Grant' });
export type Grant = Answer<typeof Grant>;

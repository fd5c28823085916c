import { z } from 'zod';
import { EventId, NegotiationId } from '../events/primitives.js';
import { foldText } from '../../projections/statements.js';
import { TimePoint } from '../time/timePoint.js';
import type { Answer } from './answer.js';

/** What the organisation did in an item of its page. */
export const OrgRole = z.enum(['said', 'met', 'offered', 'received', 'granted', 'granted-by']);

/** CONTRACT §4.1 GET /orgs/{org}: one thing an organisation said, offered, received, was granted or met about. */
export const OrgItem = z
  .object({
    kind: z.enum(['statement', 'meeting', 'offer', 'grant']),
    role: OrgRole,
    negotiationId: NegotiationId,
    eventId: EventId.nullable().meta({ description: 'the event that made the item (a statement or meeting itself; the OfferMade or AccessGranted)' }),
    occurredAt: TimePoint.meta({ description: 'when it happened: the statement or meeting, the offer made, the grant given' }),
    item: z.record(z.string(), z.unknown()).meta({ description: 'the Statement, the meeting, the offer (as the state lists it) or the Grant (as the access register lists it)' }),
  })
  .meta({ id: 'OrgItem' });
export type OrgItem = Answer<typeof OrgItem>;

type Kind = OrgItem['kind'];
type Item = { readonly negotiationId: string; readonly [field: string]: unknown };

/** An item of an organisation's page; `org` folded (see foldText), to say which side of an offer or grant it is on. */
export function orgItemOf(kind: Kind, org: string, item: Item): OrgItem {
  const text = (field: string) => String(item[field] ?? '');
  switch (kind) {
    case 'statement':
      return { kind, role: 'said', negotiationId: item.negotiationId, eventId: text('eventId'), occurredAt: text('occurredAt'), item };
    case 'meeting':
      return { kind, role: 'met', negotiationId: item.negotiationId, eventId: text('eventId'), occurredAt: text('occurredAt'), item };
    case 'offer':
      return { kind, role: foldText(text('from')) === org ? 'offered' : 'received', negotiationId: item.negotiationId, eventId: (item.eventId as string | null) ?? null, occurredAt: text('madeAt'), item };
    case 'grant':
      return { kind, role: foldText(text('grantee')) === org ? 'granted' : 'granted-by', negotiationId: item.negotiationId, eventId: (item.eventId as string | null) ?? null, occurredAt: text('validFrom'), item };
  }
}

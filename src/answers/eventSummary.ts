import type { TypedEvent } from '../events/recordedEvent.js';

/**
 * A short line in plain language for an event, as a list of events shows it: "OpenAI offered
 * GPT-5.5 Cyber to European Commission", "Meeting held (4–5)", "Statement by Thomas Regnier".
 */
export function eventSummary(event: TypedEvent): string {
  switch (event.type) {
    case 'NegotiationOpened':
      return `Negotiation opened: ${event.data.title}`;
    case 'PartyJoined':
      return `${event.data.org} joined as ${event.data.role}`;
    case 'PartyLeft':
      return `${event.data.org} left`;
    case 'MeetingHeld':
      return `Meeting held${meetingCount(event.data.count)}`;
    case 'OfferMade': {
      const { from, to, terms, counters } = event.data;
      return `${from} ${counters ? 'countered with' : 'offered'} ${terms.model ?? 'an offer'} to ${to}`;
    }
    case 'OfferAccepted':
      return `${event.data.by} accepted offer ${event.data.offerId}`;
    case 'OfferRejected':
      return `${event.data.by} rejected offer ${event.data.offerId}`;
    case 'OfferWithdrawn':
      return `Offer ${event.data.offerId} withdrawn`;
    case 'StatementMade':
      return `Statement by ${speakerOf(event.data.speaker)}`;
    case 'AccessRequested':
      return `${event.data.requester} requested access to ${event.data.model}`;
    case 'AccessGranted':
      return `${event.data.grantor} granted ${event.data.grantee} access to ${event.data.model}`;
    case 'AccessRevoked':
      return `Grant ${event.data.grantId} revoked`;
    case 'StatusChanged':
      return `Status changed to ${event.data.status}`;
    case 'EventCorrected':
      return `Correction of event ${event.data.targetEventId}`;
    case 'EventRetracted':
      return `Retraction of event ${event.data.targetEventId}`;
  }
}

/** "" for one meeting, " (4–5)" for a range, " (at least 3)" when no upper bound is known. */
function meetingCount(count: { readonly min: number; readonly max?: number } | undefined): string {
  if (count === undefined) return '';
  if (count.max === undefined) return ` (at least ${count.min})`;
  if (count.min === count.max) return count.min === 1 ? '' : ` (${count.min})`;
  return ` (${count.min}–${count.max})`;
}

/** The speaker's name; an unnamed speaker by their organisation. */
function speakerOf(speaker: { readonly name?: string; readonly org?: string }): string {
  return speaker.name ?? (speaker.org ? `a speaker of ${speaker.org}` : 'an unnamed speaker');
}

import { describe, expect, it } from 'vitest';
import { eventSummary } from '../../src/answers/eventSummary.js';
import type { EventInput } from '../../src/events/eventInput.js';
import type { TypedEvent } from '../../src/events/recordedEvent.js';
import * as input from '../support/inputs.js';
import { Story } from '../support/story.js';

/** Each input recorded after an opening (with the offer, request and grant they refer to), and its summary. */
function summaries(inputs: readonly EventInput[]): string[] {
  const story = new Story();
  const recorded = story.given([input.opened(), input.offerMade('o-0'), input.accessGranted('g-0'), ...inputs]);
  return recorded.slice(3).map((event) => eventSummary(event as TypedEvent));
}

describe('the one-line summary of an event', () => {
  it('says who did what, in plain words', () => {
    expect(
      summaries([
        input.offerMade('o-1'),
        input.offerMade('o-2', { data: { counters: 'o-1', from: 'European Commission', to: 'OpenAI' } }),
        input.offerAccepted('o-2'),
        input.offerRejected('o-0'),
        input.offerWithdrawn('o-1'),
        input.statement('s'),
        input.partyJoined('ENISA'),
        input.partyLeft('ENISA'),
        input.accessRequested('r-1'),
        input.accessGranted('g-1'),
        input.accessRevoked('g-0'),
        input.statusChanged('stalled'),
      ]),
    ).toEqual([
      'OpenAI offered GPT-5.5 Cyber to European Commission',
      'European Commission countered with GPT-5.5 Cyber to OpenAI',
      'European Commission accepted offer o-2',
      'European Commission rejected offer o-0',
      'Offer o-1 withdrawn',
      'Statement by Thomas Regnier',
      'ENISA joined as observer',
      'ENISA left',
      'European Commission requested access to GPT-5.5 Cyber',
      'OpenAI granted AI Office access to GPT-5.5 Cyber',
      'Grant g-0 revoked',
      'Status changed to stalled',
    ]);
  });

  it('gives a meeting its count when it is not one', () => {
    expect(summaries([input.meeting(), input.meeting({ data: { count: { min: 4, max: 5 } } }), input.meeting({ data: { count: { min: 3, max: 3 } } })])).toEqual([
      'Meeting held',
      'Meeting held (4–5)',
      'Meeting held (3)',
    ]);
  });

  it('names the negotiation it opens', () => {
    const story = new Story();
    expect(eventSummary(story.given([input.opened()])[0] as TypedEvent)).toBe('Negotiation opened: Access to GPT-5.5 Cyber');
  });
});

import { describe, expect, it } from 'vitest';
import { describeEvent, speakerLabel } from '../../web/src/eventText.js';

describe('a speaker on the dashboard', () => {
  it.each([
    [{ name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' }, 'Thomas Regnier (European Commission, Spokesperson)'],
    [{ name: 'Thomas Regnier', org: 'European Commission' }, 'Thomas Regnier (European Commission)'],
    [{ name: 'Thomas Regnier' }, 'Thomas Regnier'],
    [{ org: 'European Commission' }, 'European Commission (unnamed speaker)'],
    [{ org: 'European Commission', role: 'Spokesperson' }, 'European Commission (unnamed speaker, Spokesperson)'],
  ])('reads %j as %s', (speaker, label) => {
    expect(speakerLabel(speaker)).toBe(label);
  });

  it('is never shown with an empty name before its organisation', () => {
    expect(speakerLabel({ org: 'European Commission' })).not.toMatch(/^\s*\(/);
    expect(describeEvent({ type: 'StatementMade', data: { speaker: { org: 'European Commission' }, text: 'four to five meetings', kind: 'quote' } })).toBe(
      'European Commission (unnamed speaker): “four to five meetings”',
    );
  });
});

describe('an offer on the dashboard', () => {
  it('names candidates apart from beneficiaries', () => {
    const offer = (terms: Record<string, unknown>) => describeEvent({ type: 'OfferMade', data: { offerId: 'o', from: 'OpenAI', to: 'European Commission', terms } });
    expect(offer({ model: 'GPT-5.5 Cyber', candidateBeneficiaries: ['ENISA', 'AI Office', 'DG CONNECT'] })).toBe(
      'OpenAI offered European Commission — GPT-5.5 Cyber — candidates: ENISA, AI Office, DG CONNECT',
    );
    expect(offer({ beneficiaries: ['AI Office'], candidateBeneficiaries: ['ENISA'] })).toBe('OpenAI offered European Commission — for AI Office — candidates: ENISA');
  });
});

describe('a meeting on the dashboard', () => {
  it.each([
    [{ min: 1, max: 1 }, '1 meeting'],
    [{ min: 4, max: 5 }, '4–5 meetings'],
    [{ min: 4 }, 'at least 4 meetings'],
  ])('says a count of %j as "%s"', (count, words) => {
    expect(describeEvent({ type: 'MeetingHeld', data: { count } })).toBe(words);
  });
});

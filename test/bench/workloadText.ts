import type { Prng } from '../support/prng.js';

/** The vocabulary of the synthetic workload: names, organisations and prose of realistic length. */

export const REGULATORS = ['European Commission', 'AI Office', 'ENISA', 'DG CONNECT', 'European Parliament', 'Council of the EU', 'CNIL', 'BSI'];
export const PROVIDERS = ['OpenAI', 'Anthropic', 'Google DeepMind', 'Mistral AI', 'Meta', 'Aleph Alpha', 'Cohere', 'xAI'];
export const OBSERVERS = ['Europol', 'CERT-EU', 'EDPS', 'OECD', 'UK AISI', 'US CAISI'];
export const MODELS = ['GPT-5.5 Cyber', 'Claude Mythos', 'Gemini Sentinel', 'Mistral Shield', 'Llama Guard X', 'Command Secure'];
export const PEOPLE = [
  'Thomas Regnier', 'Henna Virkkunen', 'Lucilla Sioli', 'Juhan Lepassaar', 'Roberto Viola', 'Kilian Gross',
  'Chris Lehane', 'Jack Clark', 'Sam Altman', 'Dario Amodei', 'Arthur Mensch', 'Nick Clegg', 'Zoë Durand', 'José Müller',
];
export const ROLES = ['Spokesperson', 'Commissioner', 'Director', 'Head of Policy', 'Chief Executive', 'Policy Officer'];
export const PUBLISHERS = ['Brief IA', 'Politico Europe', 'Euractiv', 'Reuters', 'Financial Times', 'Le Monde', 'Tagesspiegel Background'];
export const LOCATIONS = ['Brussels', 'Berlaymont', 'San Francisco', 'Paris', 'Luxembourg', 'Strasbourg', 'video call'];
export const TOPICS = ['access', 'security', 'transparency', 'cyber', 'red-teaming', 'evaluation', 'AI Act', 'incident reporting'];
export const STATUSES = ['open', 'progressing', 'stalled', 'agreed', 'failed', 'closed'] as const;

const WORDS = (
  'the commission said access model regulators security evaluation would should provider offer talks week ' +
  'discussions remain ongoing office cyber capabilities deployment risk assessment vulnerabilities agreed terms conditions ' +
  'confidential sandbox testing red-team findings report share within days incident european union member states ' +
  'transparency gesture welcome concerns officials expect further meeting progress clarify scope beneficiaries ' +
  'technical safeguards logging audit retention classified information national agencies coordinate framework ' +
  'voluntary commitments code practice general-purpose systemic obligations deadline signature statement press ' +
  'briefing spokesperson confirmed declined comment according sources familiar matter early stage preliminary'
).split(' ');

/** Prose of about `length` characters, ending with a full stop. */
export function prose(random: Prng, length: number): string {
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    const word = random.pick(WORDS);
    words.push(word);
    size += word.length + 1;
  }
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

const OFFSETS = ['Z', 'Z', '+02:00', '+01:00', '-05:00', '+05:30'];

/** A TimePoint for the instant `ms`: mostly instants (with offsets) and days, some months. */
export function timePointOf(random: Prng, ms: number): string {
  const roll = random.next();
  if (roll < 0.55) return instantText(ms, random.pick(OFFSETS));
  if (roll < 0.9) return new Date(ms).toISOString().slice(0, 10);
  return new Date(ms).toISOString().slice(0, 7);
}

/** `ms` written as an ISO 8601 instant in the given offset (the same instant, local wall time). */
export function instantText(ms: number, offset: string): string {
  const minutes = offset === 'Z' ? 0 : (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(Math.floor(ms / 1000) * 1000 + minutes * 60_000).toISOString().slice(0, 19);
  return `${local}${offset}`;
}

export function dayText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

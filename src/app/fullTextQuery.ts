import { ValidationError } from '../errors.js';
import type { FullTextQuery, FullTextTerm } from '../store/readModel.js';

/** The most terms a search may have: each is one more index lookup. */
const MAX_TERMS = 16;

/**
 * CONTRACT §4.1 `q`: words (matched by stem), `"…"` phrases, `word*` prefixes, all required.
 * Anything else between words (punctuation, operators of one engine or another) only
 * separates them, so no text a user types can reach an engine as syntax.
 */
export function parseFullTextQuery(q: string): FullTextQuery {
  const terms: FullTextTerm[] = [];
  const pattern = /"([^"]*)"?|([\p{L}\p{N}]+)(\*)?/gu;
  for (const match of q.matchAll(pattern)) {
    if (match[1] !== undefined) {
      const phrase = wordsOf(match[1]);
      if (phrase.length === 1) terms.push({ word: phrase[0]!, prefix: false });
      else if (phrase.length > 1) terms.push({ phrase });
    } else if (match[2] !== undefined) {
      terms.push({ word: match[2].toLowerCase(), prefix: match[3] === '*' });
    }
  }
  if (terms.length === 0) throw new ValidationError('q has nothing to search for', [{ path: 'q', message: 'give at least one word, "a phrase" or a prefix*' }]);
  if (terms.length > MAX_TERMS) throw new ValidationError('q has too many terms', [{ path: 'q', message: `at most ${MAX_TERMS} words, phrases or prefixes` }]);
  return { terms };
}

function wordsOf(text: string): string[] {
  return [...text.matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0].toLowerCase());
}

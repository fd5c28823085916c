/**
 * Where an event comes from and how sure its recorder is (CONTRACT §1): every source with
 * its exact excerpt, the confidence as a word, the recorder's note. All of it is text from
 * whoever recorded the event, so it goes in as text nodes only (see dom.ts).
 */
import { badge, el, sourceLink, type Child } from './dom.js';
import { formatTimePoint } from './timeText.js';
import type { Source } from './types.js';

/**
 * A badge naming the confidence, in words (not colour alone); none for "reported", the
 * default most events carry, so that the badge marks what differs from it.
 */
export function confidenceBadge(confidence: string | null | undefined): HTMLElement | null {
  if (!confidence || confidence === 'reported') return null;
  const mark = badge(confidence, `confidence-${confidence}`);
  mark.classList.add('confidence');
  mark.title = `Confidence: ${confidence} (how sure the recorder is of this event as a whole)`;
  return mark;
}

/** The recorder's remark, as a paragraph. */
export function noteOf(note: string | null | undefined): HTMLElement | null {
  return note ? el('p', { class: 'note' }, el('strong', {}, 'Note: '), note) : null;
}

/** An event's sources, most authoritative first; the v1 `source` alone when that is all it has. */
export function sourcesOf(item: { sources?: readonly Source[] | null; source?: Source | null }): readonly Source[] {
  if (item.sources && item.sources.length > 0) return item.sources;
  return item.source ? [item.source] : [];
}

/** Every source as a list item: who published what (linked when it has a web address), by whom, when, where in it, and its excerpt quoted. */
export function sourceList(sources: readonly Source[]): HTMLElement | null {
  if (sources.length === 0) return null;
  return el('ul', { class: 'sources', 'aria-label': sources.length === 1 ? 'Source' : `${sources.length} sources` }, ...sources.map(sourceItem));
}

function sourceItem(source: Source): HTMLElement {
  const label = [source.publisher, source.title].filter(Boolean).join(': ') || source.url || 'source';
  const details: Child[] = [];
  if (source.author) details.push(`by ${source.author}`);
  if (source.publishedAt) details.push(`published ${formatTimePoint(source.publishedAt)}`);
  if (source.accessedAt) details.push(`read ${formatTimePoint(source.accessedAt)}`);
  if (source.locator) details.push(source.locator);
  return el(
    'li',
    { class: 'source' },
    el('span', { class: 'source-label' }, sourceLink(source.url, label), details.length ? ` — ${details.join(', ')}` : ''),
    source.excerpt ? el('blockquote', { class: 'excerpt' }, `“${source.excerpt}”`) : null,
  );
}

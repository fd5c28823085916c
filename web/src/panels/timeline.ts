/**
 * A negotiation's timeline in valid-time order: each event's date in words at its written
 * precision, what happened, the recorder's note, every source with its excerpt, who
 * recorded it and when, with marks for the recorder's confidence, events recorded late,
 * corrected (original against corrected values, from the raw audit log) and retracted
 * (struck through, with the reason).
 */
import { badge, el, type Child } from '../dom.js';
import { describeEvent, isObject, str, typeLabel } from '../eventText.js';
import { parseTimePoint } from '../../../src/time/timePoint.js';
import { formatInstant, formatTimePoint, isLateRecorded, machineDate } from '../timeText.js';
import { confidenceBadge, noteOf, sourceList, sourcesOf } from '../provenance.js';
import type { AuditLog } from '../streamLogs.js';
import type { RecordedEvent, TimelineEntry } from '../types.js';

export const LATE_LEGEND = 'Late: recorded more than 1 day after the end of the period in which it happened.';
const POSSIBLY = 'Its period had started but not ended by this date: it may have happened by then, or not yet, and does not count in the state.';
export const POSSIBLE_LEGEND = `Possibly by then: ${POSSIBLY}`;

export function renderTimeline(entries: readonly TimelineEntry[], log: AuditLog, knownAt: string | undefined): HTMLElement {
  if (entries.length === 0) return el('p', { class: 'empty' }, 'No events at this cut.');
  return el(
    'div',
    {},
    el(
      'p',
      { class: 'legend', id: 'timeline-legend' },
      badge('possibly by then', 'possible'),
      ` ${POSSIBLY} `,
      badge('late', 'late'),
      ` ${LATE_LEGEND} `,
      badge('corrected', 'corrected'),
      ' The entry shows corrected values; open “What changed” for the original. ',
      badge('retracted', 'retracted'),
      ' Withdrawn from the record; kept here, struck through. ',
      badge('estimated', 'confidence-estimated'),
      ' How sure the recorder is, when not simply as reported (confirmed, estimated, inferred); the note says why.',
    ),
    el('ol', { class: 'timeline', 'aria-describedby': 'timeline-legend' }, ...entries.map((entry) => entryItem(entry, log, knownAt))),
  );
}

function entryItem(entry: TimelineEntry, log: AuditLog, knownAt: string | undefined): HTMLElement {
  const late = isLateRecorded(entry.occurredAt, entry.recordedAt);
  const corrected = entry.corrections.length > 0;
  const possible = entry.certainty === 'possible';
  const classes = ['event', possible && 'possible', entry.retracted && 'retracted', late && 'late', corrected && 'corrected'].filter(Boolean).join(' ');
  const marks: Child[] = [];
  if (possible) {
    const possibleMark = badge('possibly by then', 'possible');
    possibleMark.title = POSSIBLE_LEGEND;
    marks.push(possibleMark);
  }
  if (late) {
    const lateMark = badge('late', 'late');
    lateMark.title = `${LATE_LEGEND} Happened ${formatTimePoint(entry.occurredAt)}; recorded ${formatInstant(entry.recordedAt)}.`;
    marks.push(lateMark);
  }
  if (corrected) marks.push(badge('corrected', 'corrected'));
  if (entry.retracted) marks.push(badge('retracted', 'retracted'));
  marks.push(confidenceBadge(entry.confidence));

  const what = el('p', { class: 'event-text' }, describeEvent(entry));
  const body = entry.retracted ? el('del', {}, what) : what;
  return el(
    'li',
    { class: classes, 'data-event-id': entry.id, 'data-type': entry.type, 'data-certainty': entry.certainty },
    el('time', { class: 'event-when', datetime: machineDate(entry.occurredAt), 'data-occurred-at': entry.occurredAt }, formatTimePoint(entry.occurredAt)),
    el(
      'div',
      { class: 'event-body' },
      el('p', { class: 'event-type' }, el('strong', {}, typeLabel(entry.type)), ' ', ...marks.flatMap((mark) => (mark ? [mark, ' '] : []))),
      body,
      noteOf(entry.note),
      entry.retracted ? retractionNote(entry, log, knownAt) : null,
      corrected ? correctionDetails(entry, log) : null,
      sourceList(sourcesOf(entry)),
      el('p', { class: 'event-meta' }, `Recorded by ${entry.recordedBy}, ${formatInstant(entry.recordedAt)}.`),
    ),
  );
}

function retractionNote(entry: TimelineEntry, log: AuditLog, knownAt: string | undefined): HTMLElement {
  if (entry.retraction) {
    const by = log.get(entry.retraction.eventId)?.recordedBy;
    return el(
      'p',
      { class: 'retraction' },
      `Retracted${by ? ` by ${by}` : ''}, ${formatInstant(entry.retraction.recordedAt)}: ${entry.retraction.reason || 'no reason given'}`,
    );
  }
  const limit = knownAt ? parseTimePoint(knownAt)?.end : undefined;
  const retraction = [...log.values()].find(
    (e) =>
      e.type === 'EventRetracted' &&
      str(e.data, 'targetEventId') === entry.id &&
      (limit === undefined || Date.parse(e.recordedAt) <= limit),
  );
  if (!retraction) return el('p', { class: 'retraction' }, 'Retracted.');
  return el(
    'p',
    { class: 'retraction' },
    `Retracted by ${retraction.recordedBy}, ${formatInstant(retraction.recordedAt)}: ${str(retraction.data, 'reason') || 'no reason given'}`,
  );
}

/** Original against corrected values, field by field, with each correction's reason. */
function correctionDetails(entry: TimelineEntry, log: AuditLog): HTMLElement {
  const original = entry.original ?? log.get(entry.id);
  const corrections = entry.corrections.map((id) => log.get(id)).filter((e): e is RecordedEvent => e !== undefined);
  const changes = original ? changedFields(original, entry) : [];
  const rows = changes.map(([field, before, after]) =>
    el('tr', {}, el('th', { scope: 'row' }, field), el('td', {}, before), el('td', {}, after)),
  );
  return el(
    'details',
    { class: 'correction' },
    el('summary', {}, `What changed (${corrections.length || entry.corrections.length} correction${entry.corrections.length === 1 ? '' : 's'})`),
    original
      ? el(
          'table',
          { class: 'data compact' },
          el('caption', {}, 'Original and corrected values'),
          el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Field'), el('th', { scope: 'col' }, 'Originally'), el('th', { scope: 'col' }, 'Corrected'))),
          el('tbody', {}, ...rows),
        )
      : el('p', {}, 'The original event is not in the audit log available to this page.'),
    el(
      'ul',
      { class: 'plain' },
      ...corrections.map((c) =>
        el('li', {}, `Corrected by ${c.recordedBy}, ${formatInstant(c.recordedAt)}: ${str(c.data, 'reason') || 'no reason given'}`),
      ),
    ),
  );
}

type Change = [field: string, before: string, after: string];

type Compared = Pick<RecordedEvent, 'occurredAt' | 'data' | 'source' | 'sources' | 'confidence' | 'note'>;

export function changedFields(original: Compared, current: Compared): Change[] {
  const changes: Change[] = [];
  if (original.occurredAt !== current.occurredAt) {
    changes.push(['occurred', formatTimePoint(original.occurredAt), formatTimePoint(current.occurredAt)]);
  }
  collect('data', original.data, current.data, changes);
  collect('sources', sourcesOf(original), sourcesOf(current), changes);
  collect('confidence', original.confidence ?? 'reported', current.confidence ?? 'reported', changes);
  collect('note', original.note, current.note, changes);
  return changes;
}

function collect(prefix: string, before: unknown, after: unknown, into: Change[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of keys) collect(`${prefix}.${key}`, before[key], after[key], into);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) collect(`${prefix}.${i + 1}`, before[i], after[i], into);
    return;
  }
  const a = show(before);
  const b = show(after);
  if (a !== b) into.push([prefix, a, b]);
}

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

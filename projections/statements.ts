import type { EventData } from '../src/events/catalogue.js';
import type { Source } from '../src/events/source.js';
import type { Confidence } from '../src/events/provenance.js';
import type { TimeInterval } from '../src/time/timePoint.js';
import { certaintyAt, type Certainty } from './countsAt.js';
import type { EffectiveEvent } from './effectiveEvent.js';

/** CONTRACT §4 Statement: who said what, where we read it and who recorded it. */
export interface Statement {
  readonly eventId: string;
  readonly negotiationId: string;
  readonly statementId: string | null;
  readonly speaker: EventData<'StatementMade'>['speaker'];
  readonly text: string;
  readonly kind: 'quote' | 'paraphrase';
  readonly topics: readonly string[];
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly recordedBy: string;
  readonly source: Source | null;
  /** Every source, most authoritative first (v2); empty only for a statement recorded without one, which v1 allowed on import. */
  readonly sources: readonly Source[];
  readonly confidence: Confidence;
  readonly note: string | null;
  readonly status: 'current' | 'corrected' | 'retracted';
  /** CONTRACT §2.2: made by asOf (`definite`), or possibly made by then (its interval has not ended). */
  readonly certainty: Certainty;
  /** Epoch-ms interval of occurredAt (ends may be infinite), for date filters; presented as ISO instants. */
  readonly occurred: TimeInterval;
}

/**
 * Pure: the statements the effective events carry (retracted ones too, marked), in their order;
 * `started` are events that started by asOf, and each statement is definite or possible at it.
 */
export function statementsOf(started: readonly EffectiveEvent[], asOf: number): Statement[] {
  const statements: Statement[] = [];
  for (const effective of started) {
    const statement = statementOf(effective, certaintyAt(effective, asOf));
    if (statement) statements.push(statement);
  }
  return statements;
}

/** The statement an effective event carries, if it is one. */
export function statementOf(effective: EffectiveEvent, certainty: Certainty): Statement | undefined {
  const { event } = effective;
  if (event.type !== 'StatementMade') return undefined;
  return {
    eventId: event.id,
    negotiationId: event.negotiationId,
    statementId: event.data.statementId ?? null,
    speaker: event.data.speaker,
    text: event.data.text,
    kind: event.data.kind,
    topics: event.data.topics ?? [],
    occurredAt: event.occurredAt,
    recordedAt: event.recordedAt,
    recordedBy: event.recordedBy,
    source: event.source ?? null,
    sources: event.sources ?? [],
    confidence: event.confidence ?? 'reported',
    note: event.note ?? null,
    status: effective.retracted ? 'retracted' : effective.corrections.length > 0 ? 'corrected' : 'current',
    certainty,
    occurred: effective.occurred,
  };
}

export interface StatementFilter {
  readonly speaker?: string;
  readonly org?: string;
  readonly negotiation?: string;
  readonly q?: string;
  /** Epoch ms: the statement's occurredAt must start at or after this. */
  readonly from?: number;
  /** Epoch ms: the statement's occurredAt must end at or before this. */
  readonly to?: number;
  readonly includeRetracted?: boolean;
  /** CONTRACT §2.2: also the statements possibly made by asOf. */
  readonly includePossible?: boolean;
}

/**
 * `speaker` and `org` match case- and accent-insensitively anywhere in the name;
 * `q` matches when every word of it occurs in the text (same folding).
 */
export function statementMatches(statement: Statement, filter: StatementFilter): boolean {
  if (!filter.includeRetracted && statement.status === 'retracted') return false;
  if (!filter.includePossible && statement.certainty === 'possible') return false;
  if (filter.negotiation !== undefined && statement.negotiationId !== filter.negotiation) return false;
  if (filter.speaker !== undefined && !foldText(statement.speaker.name ?? '').includes(foldText(filter.speaker))) return false;
  if (filter.org !== undefined && !foldText(statement.speaker.org ?? '').includes(foldText(filter.org))) return false;
  if (filter.from !== undefined && statement.occurred.start < filter.from) return false;
  if (filter.to !== undefined && statement.occurred.end > filter.to) return false;
  if (filter.q !== undefined) {
    const text = foldText(statement.text);
    if (!words(filter.q).every((word) => text.includes(word))) return false;
  }
  return true;
}

/** Case- and accent-insensitive form of a name or text: what `speaker`, `org` and the org pages compare. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function words(query: string): string[] {
  return foldText(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

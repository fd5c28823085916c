import { chainHash } from '../audit/hashChain.js';
import { sealEvents, type StreamHead } from '../audit/seal.js';
import { storedProvenance } from '../events/provenance.js';
import { SCHEMA_VERSION } from '../events/schemaVersion.js';
import { upcast } from '../events/upcast.js';
import { decide } from '../domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState, type KnownEvent } from '../domain/decisionState.js';
import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent, RecordedEvent, TypedEvent } from '../events/recordedEvent.js';
import { DomainRuleError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import { EventIndex } from './importIndex.js';
import { parseImportLine, type ImportLine } from './importLine.js';
import type { LineSet } from './importLineSet.js';
import type { LineAt, LineSource } from './jsonLines.js';

type RecordedLine = Extract<ImportLine, { kind: 'recorded' }>;
type InputLine = Extract<ImportLine, { kind: 'input' }>;

export interface ImportStreamsOptions {
  readonly recordedBy: string;
  readonly now: () => number;
  readonly newId: () => string;
  /**
   * Whether input lines are sealed with their hash. The checking pass needs an input's hash
   * only when a recorded line of its stream follows it (whose hash chains from it): without
   * it, such a line throws InputHashesNeeded, and the pass is run again with them.
   */
  readonly hashInputs: boolean;
  /** Input lines met so far whose validated form is the line as written: read again, they need no validating. */
  readonly asWritten?: LineSet;
  /**
   * When the store's newest checkpoint was signed: a recorded line may not claim to have been
   * learnt before it (CONTRACT §7). Checkpoints the file itself restores do not count: the
   * events after one in an export may have been recorded just before it was signed, and
   * committed just after.
   */
  readonly knownUntil?: string;
}

/** What an import keeps of a stream: a decision state without its events (its head and the ids the domain rules look up), and a number for the event index. */
interface StreamState extends Omit<DecisionState, 'events'> {
  readonly number: number;
  /** False once an input line was folded without its hash: `hash` is then not the head's. */
  hashKnown: boolean;
  /** The recordedAt of the stream's last stored event, then the latest of those the file adds. */
  lastRecordedAt: string;
}

/** A recorded line follows an input line whose hash was not computed: the checking pass must run again with hashInputs. */
export class InputHashesNeeded extends Error {}

/**
 * The streams an import's checking pass touches, replayed line by line with the domain rules
 * and the sealing of the append service (`decide`, `sealEvents`, `evolveDecisionState`), in
 * memory that does not grow with the events' content: per stream its head and offer,
 * grant and request ids; per event an entry of the EventIndex. Each decision gets a decision state of the stream holding only
 * the event it may target, read again from the file or the store.
 */
export class ImportStreams {
  private readonly streams = new Map<string, StreamState>();
  private readonly events = new EventIndex();
  /** Each stream's head as the store held it when the import first met the stream. */
  readonly storeHeads = new Map<string, StreamHead>();

  constructor(
    private readonly store: EventStore,
    private readonly source: LineSource,
    private readonly options: ImportStreamsOptions,
  ) {}

  /**
   * Checks that a recorded line continues its stream (revision, domain rules, hash), folds
   * it in and returns what is wrong. A line that fails is still taken as the stream's new
   * head, so one bad line is reported once.
   */
  async recorded(line: RecordedLine, at: LineAt): Promise<string | undefined> {
    const { event } = line;
    const stream = await this.stream(event.negotiationId);
    const targetId = targetOf(event);
    const state = await this.decisionState(stream, targetId);
    const problem = checkRecorded(event, state, stream.hashKnown) ?? this.rewritesKnowledge(stream, event);
    this.fold(stream, state, event as RecordedEvent, targetId, at, event.id); // position is not read
    stream.hashKnown = true;
    if (event.recordedAt > stream.lastRecordedAt) stream.lastRecordedAt = event.recordedAt;
    return problem;
  }

  /** Decides an input line as the append service would, now, and folds it in; returns the rule it breaks, if it breaks one. */
  async input(line: InputLine, at: LineAt): Promise<string | undefined> {
    const { negotiationId, input } = line;
    const stream = await this.stream(negotiationId);
    const targetId = targetOf(input);
    const state = await this.decisionState(stream, targetId);
    const decided = domainCheck(() => decide({ negotiationId, inputs: [input] }, state)[0]!);
    if (typeof decided === 'string') return decided;
    const recordedAt = new Date(this.options.now()).toISOString();
    if (recordedAt > stream.lastRecordedAt) stream.lastRecordedAt = recordedAt;
    if (this.options.hashInputs) {
      const [sealed] = sealEvents(state, [decided], { recordedAt, recordedBy: this.options.recordedBy, newId: this.options.newId });
      this.fold(stream, state, sealed as RecordedEvent, targetId, at, input.id);
    } else {
      // What the fold reads of a sealed event, without its hash (nor recordedAt, which it does not read).
      const unsealed = decided as unknown as Record<string, unknown>;
      unsealed.id ??= '';
      unsealed.negotiationId = negotiationId;
      unsealed.revision = state.revision + 1;
      unsealed.schemaVersion = SCHEMA_VERSION;
      unsealed.hash = '';
      this.fold(stream, state, unsealed as unknown as RecordedEvent, targetId, at, input.id);
      stream.hashKnown = false;
    }
    return undefined;
  }

  /**
   * Whether a recorded line would add to what the store already knew (CONTRACT §7): its
   * recordedAt before its stream's last event's, or before the store's newest checkpoint.
   * Instants are ISO, UTC, with milliseconds, so they compare as text.
   */
  private rewritesKnowledge(stream: StreamState, event: PendingEvent): string | undefined {
    const cannot = 'an import cannot add to what the store already knew then';
    if (event.recordedAt < stream.lastRecordedAt) return `recordedAt ${event.recordedAt} is before the stream's last event (${stream.lastRecordedAt}): ${cannot}`;
    const { knownUntil } = this.options;
    if (knownUntil !== undefined && event.recordedAt < knownUntil) return `recordedAt ${event.recordedAt} is before the store's newest checkpoint (${knownUntil}): ${cannot}`;
    return undefined;
  }

  /** The line of the file where an event id was met, if it was met in the file. */
  lineOf(id: string): LineAt | undefined {
    const entry = this.events.find(id);
    return entry === undefined ? undefined : this.events.lineOf(entry);
  }

  /** Takes the event as the stream's new head, and indexes it under `id` (or, without one, only when it changes an earlier event). */
  private fold(stream: StreamState, state: DecisionState, event: RecordedEvent, targetId: string | undefined, at: LineAt, id: string | undefined): void {
    evolveDecisionState(state, event);
    stream.revision = state.revision;
    stream.hash = state.hash;
    const target = targetId === undefined ? undefined : this.events.find(targetId);
    const targeted = target !== undefined && state.events.has(targetId!) && this.events.streamOf(target) === stream.number;
    const entry = id !== undefined || targeted ? this.events.add(id, stream.number, at) : undefined;
    if (!targeted) return;
    if (this.events.lineOf(target)) {
      this.events.addChange(target, entry!);
    } else if (event.type === 'EventCorrected' || this.events.correctedForm(target)) {
      this.events.setCorrected(target, state.events.get(targetId!)!);
    } else {
      this.events.markRetracted(target);
    }
  }

  /** The stream's decision state with only `targetId` among its events (the one event `decide` may look up). */
  private async decisionState(stream: StreamState, targetId: string | undefined): Promise<DecisionState> {
    const events = new Map<string, KnownEvent>();
    const target = targetId === undefined ? undefined : await this.known(stream, targetId);
    if (target) events.set(targetId!, target);
    const { negotiationId, revision, hash, offerIds, grantIds, requestIds } = stream;
    return { negotiationId, revision, hash, offerIds, grantIds, requestIds, events };
  }

  private async known(stream: StreamState, id: string): Promise<KnownEvent | undefined> {
    const entry = this.events.find(id);
    if (entry === undefined || this.events.streamOf(entry) !== stream.number) return undefined;
    const at = this.events.lineOf(entry);
    if (at) return this.replayed(stream, id, entry, at);
    const corrected = this.events.correctedForm(entry);
    if (corrected) return corrected;
    const event = (await this.store.findEvents([id]))[0];
    if (!event) return undefined;
    const known = evolveDecisionState(initialDecisionState(stream.negotiationId), event).events.get(id)!;
    return this.events.isRetracted(entry) ? { ...known, retracted: true } : known;
  }

  /** An event of the file as its corrections and retractions so far left it: its line and theirs, folded again. */
  private replayed(stream: StreamState, id: string, entry: number, at: LineAt): KnownEvent | undefined {
    const scratch = initialDecisionState(stream.negotiationId);
    const event = this.eventAt(at);
    if (!event) return undefined;
    evolveDecisionState(scratch, event);
    for (const change of this.events.changesOf(entry)) {
      const changing = this.eventAt(this.events.lineOf(change)!);
      if (changing) evolveDecisionState(scratch, changing);
    }
    return scratch.events.get(id);
  }

  /** An event read again from its line (an input line as the event it was decided into, as far as the rules look). */
  private eventAt(at: LineAt): RecordedEvent | undefined {
    const line = parseImportLine(this.source.lineAt(at), { checked: true, asWritten: this.options.asWritten?.has(at.number) === true });
    if (line.kind === 'recorded') return line.event as RecordedEvent;
    if (line.kind === 'input') return { ...line.input, negotiationId: line.negotiationId, revision: 0, hash: '' } as RecordedEvent;
    return undefined;
  }

  /** The stream's state, read from the store the first time the import meets it. */
  private async stream(negotiationId: string): Promise<StreamState> {
    const known = this.streams.get(negotiationId);
    if (known) return known;
    const full = initialDecisionState(negotiationId);
    const corrected = new Set<string>();
    let lastRecordedAt = '';
    for (const event of await this.store.readStream(negotiationId)) {
      evolveDecisionState(full, event);
      lastRecordedAt = event.recordedAt;
      const typed = event as TypedEvent;
      if (typed.type === 'EventCorrected') corrected.add(typed.data.targetEventId);
    }
    const { revision, hash, offerIds, grantIds, requestIds } = full;
    const stream: StreamState = { number: this.streams.size, negotiationId, revision, hash, offerIds, grantIds, requestIds, hashKnown: true, lastRecordedAt };
    this.streams.set(negotiationId, stream);
    this.storeHeads.set(negotiationId, { negotiationId, revision, hash });
    for (const [id, event] of full.events) {
      const entry = this.events.add(id, stream.number);
      if (corrected.has(id)) this.events.setCorrected(entry, event);
      else if (event.retracted) this.events.markRetracted(entry);
    }
    return stream;
  }
}

function targetOf(event: PendingEvent | EventInput): string | undefined {
  const typed = event as TypedEvent;
  return typed.type === 'EventCorrected' || typed.type === 'EventRetracted' ? typed.data.targetEventId : undefined;
}

function checkRecorded(event: PendingEvent, state: DecisionState, hashKnown: boolean): string | undefined {
  const expected = state.revision + 1;
  if (event.revision !== expected) {
    return expected === 0
      ? `revision ${event.revision} of negotiation ${event.negotiationId}, which has no earlier event: its first revision must be 0`
      : `revision ${event.revision} does not follow revision ${state.revision}, the last of negotiation ${event.negotiationId}`;
  }
  // The rules read the newest shape; the hash covers the stored form, exactly as written.
  const current = upcast(event as RecordedEvent);
  const { id, type, occurredAt, data } = current;
  const input = { id, type, occurredAt, ...storedProvenance(current), data } as EventInput;
  const broken = domainCheck(() => decide({ negotiationId: event.negotiationId, inputs: [input] }, state));
  if (typeof broken === 'string') return broken;
  if (!hashKnown) throw new InputHashesNeeded();
  const { hash, ...content } = event;
  if (chainHash(state.hash, content) !== hash) {
    return `hash does not verify: event ${id} (negotiation ${event.negotiationId}, revision ${event.revision}) does not chain to the event before it`;
  }
  return undefined;
}

/** What `run` decides, or the domain rule it breaks (decide's message, without its batch index). */
function domainCheck<T>(run: () => T): T | string {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainRuleError) return error.message.replace(/^event \d+ \(([A-Za-z]+)\): /, '$1: ');
    if (error instanceof TypeError || error instanceof RangeError) return `cannot be recorded: ${error.message}`;
    throw error;
  }
}

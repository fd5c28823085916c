import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/canonicalJson.js';
import { chainHash, hashedContent } from '../audit/hashChain.js';
import { decide } from '../domain/decide.js';
import { evolveDecisionState, initialDecisionState, type DecisionState } from '../domain/decisionState.js';
import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent, RecordedEvent } from '../events/recordedEvent.js';
import { DomainRuleError } from '../errors.js';
import type { EventStore } from '../store/eventStore.js';
import { sameContent } from './appendEvents.js';
import { parseImportLine, type ImportLine, type LineProblem } from './importLine.js';
import type { LineSource } from './jsonLines.js';

/** What the checking pass decided: which lines to skip and which ids to give id-less inputs. */
export interface ImportPlan {
  /** Line numbers whose event is already stored (or repeated earlier in the file). */
  readonly skip: ReadonlySet<number>;
  /** Ids chosen for EventInput lines that have none, so the write pass records exactly what was checked. */
  readonly assignedIds: ReadonlyMap<number, string>;
  readonly toImport: number;
  readonly negotiations: readonly string[];
  /** Problems found (at most `maxProblems` of them) and how many there were in all. */
  readonly problems: readonly LineProblem[];
  readonly problemCount: number;
}

export interface PlanOptions {
  readonly recordedBy: string;
  readonly now: () => number;
  readonly newId: () => string;
  readonly maxProblems: number;
  readonly chunkLines: number;
  readonly onLines?: (lines: number, bytes: number) => void;
}

/** An event id met earlier in the file, and what tells a repeat of that line from another event under the same id. */
type Seen =
  | { readonly kind: 'recorded'; readonly line: number; readonly hash: string; readonly previousHash: string }
  | { readonly kind: 'input'; readonly line: number; readonly fingerprint: string };

/**
 * The checking pass: validates every line, and replays the file against the store's
 * current streams with the same domain rules (`decide`) the append service applies, so a
 * file is refused whole before anything is written. A RecordedEvent must continue its
 * stream (revision = last + 1) and its hash must be the one `decide` computes over the
 * chain; it is then trusted as the stream's new head, so one bad line is reported once.
 */
export async function planImport(store: EventStore, source: LineSource, options: PlanOptions): Promise<ImportPlan> {
  const streams = new Map<string, DecisionState>();
  const seen = new Map<string, Seen>();
  const skip = new Set<number>();
  const assignedIds = new Map<number, string>();
  const negotiations = new Set<string>();
  const problems: LineProblem[] = [];
  let problemCount = 0;
  let toImport = 0;
  let lineCount = 0;

  const report = (number: number, message: string) => {
    problemCount++;
    if (problems.length < options.maxProblems) problems.push({ kind: 'problem', number, message });
  };
  const stateOf = async (negotiationId: string): Promise<DecisionState> => {
    let state = streams.get(negotiationId);
    if (!state) {
      state = initialDecisionState(negotiationId);
      for (const event of await store.readStream(negotiationId)) evolveDecisionState(state, event);
      streams.set(negotiationId, state);
    }
    return state;
  };

  const check = async (line: ImportLine, stored: RecordedEvent | undefined): Promise<void> => {
    const negotiationId = line.kind === 'recorded' ? line.event.negotiationId : line.negotiationId;
    const id = line.kind === 'recorded' ? line.event.id : line.input.id;
    if (id !== undefined) {
      if (stored) {
        const same = line.kind === 'recorded' ? sameRecorded(stored, line.event) : sameContent(stored, negotiationId, line.input);
        if (same) skip.add(line.number);
        else report(line.number, `event ${id} is already stored with other content`);
        return;
      }
      const earlier = seen.get(id);
      if (earlier) {
        if (sameAsEarlier(earlier, line)) skip.add(line.number);
        else report(line.number, `event id ${id} is also used by line ${earlier.line}, with other content`);
        return;
      }
    }
    const state = await stateOf(negotiationId);
    negotiations.add(negotiationId);
    if (line.kind === 'recorded') {
      seen.set(line.event.id, { kind: 'recorded', line: line.number, hash: line.event.hash, previousHash: state.hash });
      checkRecorded(line.event, state, (message) => report(line.number, message), options.newId);
      evolveDecisionState(state, line.event as RecordedEvent); // position is not read
    } else {
      const input = line.input.id !== undefined ? line.input : { ...line.input, id: options.newId() };
      if (line.input.id === undefined) assignedIds.set(line.number, input.id!);
      else seen.set(input.id!, { kind: 'input', line: line.number, fingerprint: inputFingerprint(line) });
      const recordedAt = new Date(options.now()).toISOString();
      const pending = domainCheck(() => decide({ negotiationId, inputs: [input], recordedAt, recordedBy: options.recordedBy, newId: options.newId }, state));
      if (typeof pending === 'string') report(line.number, pending);
      else evolveDecisionState(state, pending as RecordedEvent);
    }
    toImport++;
  };

  let chunk: (ImportLine | LineProblem)[] = [];
  const flush = async (bytes: number) => {
    const ids = chunk.flatMap((line) => (line.kind === 'recorded' ? [line.event.id] : line.kind === 'input' && line.input.id ? [line.input.id] : []));
    const stored = new Map((ids.length > 0 ? await store.findEvents(ids) : []).map((event) => [event.id, event]));
    for (const line of chunk) {
      if (line.kind === 'problem') report(line.number, line.message);
      else await check(line, stored.get(line.kind === 'recorded' ? line.event.id : (line.input.id ?? '')));
    }
    lineCount += chunk.length;
    chunk = [];
    options.onLines?.(lineCount, bytes);
  };
  let bytes = 0;
  for await (const line of source.lines()) {
    chunk.push(parseImportLine(line));
    bytes = line.end;
    if (chunk.length >= options.chunkLines) await flush(bytes);
  }
  await flush(bytes);
  return { skip, assignedIds, toImport, negotiations: [...negotiations], problems, problemCount };
}

function checkRecorded(event: PendingEvent, state: DecisionState, report: (message: string) => void, newId: () => string): void {
  const expected = state.revision + 1;
  if (event.revision !== expected) {
    report(
      expected === 0
        ? `revision ${event.revision} of negotiation ${event.negotiationId}, which has no earlier event: its first revision must be 0`
        : `revision ${event.revision} does not follow revision ${state.revision}, the last of negotiation ${event.negotiationId}`,
    );
    return;
  }
  const { id, type, occurredAt, source, data } = event;
  const input = { id, type, occurredAt, data, ...(source !== undefined && { source }) } as EventInput;
  const command = { negotiationId: event.negotiationId, inputs: [input], recordedAt: event.recordedAt, recordedBy: event.recordedBy, newId };
  const pending = domainCheck(() => decide(command, state));
  if (typeof pending === 'string') report(pending);
  else if (pending.hash !== event.hash) {
    report(`hash does not verify: event ${id} (negotiation ${event.negotiationId}, revision ${event.revision}) does not chain to the event before it`);
  }
}

/** The decided event, or the domain rule it breaks (decide's message, without its batch index). */
function domainCheck(run: () => PendingEvent[]): PendingEvent | string {
  try {
    return run()[0]!;
  } catch (error) {
    if (error instanceof DomainRuleError) return error.message.replace(/^event \d+ \(([A-Za-z]+)\): /, '$1: ');
    if (error instanceof TypeError || error instanceof RangeError) return `cannot be recorded: ${error.message}`;
    throw error;
  }
}

/**
 * A stored event and a recorded line are the same when every hashed field is equal, not
 * merely the hash field. A line from `parley export` has the stored key order, so plain
 * JSON text usually settles it without canonicalizing.
 */
function sameRecorded(stored: RecordedEvent, event: PendingEvent): boolean {
  if (stored.hash !== event.hash) return false;
  const { position: _position, ...storedEvent } = stored;
  if (JSON.stringify(storedEvent) === JSON.stringify(event)) return true;
  return canonicalJson(hashedContent(stored)) === canonicalJson(hashedContent(event));
}

/**
 * A repeated line is the same event: a recorded one whose content hashes, on the chain
 * where its first occurrence was checked, to that occurrence's hash; an input with the same content.
 */
function sameAsEarlier(earlier: Seen, line: ImportLine): boolean {
  if (earlier.kind === 'recorded') {
    return line.kind === 'recorded' && line.event.hash === earlier.hash && chainHash(earlier.previousHash, line.event) === earlier.hash;
  }
  return line.kind === 'input' && inputFingerprint(line) === earlier.fingerprint;
}

function inputFingerprint(line: Extract<ImportLine, { kind: 'input' }>): string {
  const { type, occurredAt, data, source } = line.input;
  const content = canonicalJson({ negotiationId: line.negotiationId, type, occurredAt, data, source: source ?? null });
  return createHash('sha256').update(content).digest('hex');
}

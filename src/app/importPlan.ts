import { contentKey, storedForm } from '../events/storedForm.js';
import { canonicalJson } from '../events/canonicalJson.js';
import { hashedContent } from '../audit/hashChain.js';
import type { PendingEvent, RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';
import { sameContent } from './earlierAppend.js';
import { parseImportLine, type ImportLine, type LineProblem } from './importLine.js';
import { LineSet } from './importLineSet.js';
import { ImportLog } from './importLog.js';
import { ImportStreams, InputHashesNeeded } from './importStreams.js';
import type { StreamHead } from '../audit/seal.js';
import type { LineAt, LineSource } from './jsonLines.js';
import type { MerkleLog } from './merkleLog.js';

/** What the checking pass decided: which lines to skip, and where the streams to write stood. */
export interface ImportPlan {
  /** Line numbers whose event is already stored (or repeated earlier in the file). */
  readonly skip: LineSet;
  /** Input lines whose validated form is the line as written (ImportLine `asWritten`). */
  readonly asWritten: LineSet;
  /** Checkpoint lines to store once the events before them are written (the others are kept already, or passed over). */
  readonly restore: LineSet;
  /** Checkpoint lines of another log than the one the import builds (a merge into a store with other events): not stored. */
  readonly passedOver: number;
  /** The head in the store of every stream the file writes to, when the check read it: the writing pass continues from there. */
  readonly heads: ReadonlyMap<string, StreamHead>;
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
  /** The store's Merkle log, on a store that keeps one: checkpoint lines are checked against it. */
  readonly merkleLog?: MerkleLog;
  readonly onLines?: (lines: number, bytes: number) => void;
}

/**
 * The checking pass: validates every line, and replays the file against the store's
 * current streams with the same domain rules the append service applies (ImportStreams),
 * so a file is refused whole before anything is written. A RecordedEvent must continue its
 * stream (revision = last + 1) and its hash must be the one sealing it (`sealEvents`)
 * computes over the chain. Each line costs the same whatever the order of the file's streams, and the
 * memory kept grows by a few dozen bytes a line.
 */
export async function planImport(store: EventStore, source: LineSource, options: PlanOptions): Promise<ImportPlan> {
  try {
    return await checkLines(store, source, options, false);
  } catch (error) {
    if (!(error instanceof InputHashesNeeded)) throw error;
    return checkLines(store, source, options, true);
  }
}

async function checkLines(store: EventStore, source: LineSource, options: PlanOptions, hashInputs: boolean): Promise<ImportPlan> {
  const skip = new LineSet();
  const asWritten = new LineSet();
  const restore = new LineSet();
  const log = await ImportLog.of(store.proofs, options.merkleLog);
  const streams = new ImportStreams(store, source, { ...options, hashInputs, asWritten, knownUntil: log?.knownUntil });
  const negotiations = new Set<string>();
  const problems: LineProblem[] = [];
  let problemCount = 0;
  let toImport = 0;
  let passedOver = 0;
  let lineCount = 0;

  const report = (number: number, message: string) => {
    problemCount++;
    if (problems.length < options.maxProblems) problems.push({ kind: 'problem', number, message });
  };

  const checkpoint = async (line: Extract<ImportLine, { kind: 'checkpoint' }>): Promise<void> => {
    // A store without a Merkle log (EventStoreDB) has nowhere to keep them.
    const verdict = log ? await log.checkpoint(line.checkpoint) : 'pass';
    if (verdict === 'restore') restore.add(line.number);
    else if (verdict === 'pass') passedOver++;
    else if (verdict !== 'skip') report(line.number, verdict);
  };

  const check = async (line: ImportLine, at: LineAt, stored: RecordedEvent | undefined): Promise<void> => {
    if (line.kind === 'checkpoint') return checkpoint(line);
    const negotiationId = line.kind === 'recorded' ? line.event.negotiationId : line.negotiationId;
    const id = line.kind === 'recorded' ? line.event.id : line.input.id;
    if (id !== undefined) {
      if (stored) {
        const same = line.kind === 'recorded' ? sameRecorded(stored, line.event) : sameContent(stored, negotiationId, line.input);
        if (same) skip.add(line.number);
        else report(line.number, `event ${id} is already stored with other content`);
        return;
      }
      const earlier = streams.lineOf(id);
      if (earlier) {
        if (sameAsEarlier(parseImportLine(source.lineAt(earlier), { checked: true }), line)) skip.add(line.number);
        else report(line.number, `event id ${id} is also used by line ${earlier.number}, with other content`);
        return;
      }
    }
    negotiations.add(negotiationId);
    const problem = line.kind === 'recorded' ? await streams.recorded(line, at) : await streams.input(line, at);
    if (problem) report(line.number, problem);
    else if (line.kind === 'input' && line.asWritten) asWritten.add(line.number);
    if (line.kind === 'recorded') log?.recorded(line.event);
    else log?.input();
    toImport++;
  };

  // An empty store holds none of the file's ids (one stored meanwhile makes the append refuse its batch).
  const storeWasEmpty = (await store.lastPosition()) === 0;
  let chunk: { line: ImportLine | LineProblem; at: LineAt }[] = [];
  const flush = async (bytes: number) => {
    const ids = storeWasEmpty ? [] : chunk.flatMap(({ line }) => (line.kind === 'recorded' ? [line.event.id] : line.kind === 'input' && line.input.id ? [line.input.id] : []));
    const stored = new Map((ids.length > 0 ? await store.findEvents(ids) : []).map((event) => [event.id, event]));
    for (const { line, at } of chunk) {
      if (line.kind === 'problem') report(line.number, line.message);
      else await check(line, at, line.kind === 'checkpoint' ? undefined : stored.get(line.kind === 'recorded' ? line.event.id : (line.input.id ?? '')));
    }
    lineCount += chunk.length;
    chunk = [];
    options.onLines?.(lineCount, bytes);
  };
  let bytes = 0;
  for await (const line of source.lines()) {
    chunk.push({ line: parseImportLine(line), at: { number: line.number, start: line.start, end: line.end } });
    bytes = line.end;
    if (chunk.length >= options.chunkLines) await flush(bytes);
  }
  await flush(bytes);
  return { skip, asWritten, restore, passedOver, heads: streams.storeHeads, toImport, negotiations: [...negotiations], problems, problemCount };
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
 * A repeated line is the same event as the earlier line with its id: a recorded one with
 * the same hash and the same hashed content, an input with the same content.
 */
function sameAsEarlier(earlier: ImportLine | LineProblem, line: ImportLine): boolean {
  if (earlier.kind === 'recorded') {
    return line.kind === 'recorded' && line.event.hash === earlier.event.hash && canonicalJson(hashedContent(earlier.event)) === canonicalJson(hashedContent(line.event));
  }
  return earlier.kind === 'input' && line.kind === 'input' && inputContent(line) === inputContent(earlier);
}

function inputContent(line: Extract<ImportLine, { kind: 'input' }>): string {
  return `${line.negotiationId} ${contentKey(storedForm(line.input))}`;
}

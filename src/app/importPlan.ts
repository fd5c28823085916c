import { contentKey, storedForm } from '../events/storedForm.js';
import { canonicalJson } from '../events/canonicalJson.js';
import { hashedContent } from '../audit/hashChain.js';
import type { PendingEvent, RecordedEvent } from '../events/recordedEvent.js';
import type { EventStore } from '../store/eventStore.js';
import { sameContent } from './earlierAppend.js';
import { parseImportLine, type ImportLine, type LineProblem } from './importLine.js';
import { LineSet } from './importLineSet.js';
import { ImportStreams } from './importStreams.js';
import type { LineAt, LineSource } from './jsonLines.js';

/** What the checking pass decided: which lines to skip. */
export interface ImportPlan {
  /** Line numbers whose event is already stored (or repeated earlier in the file). */
  readonly skip: LineSet;
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

/**
 * The checking pass: validates every line, and replays the file against the store's
 * current streams with the same domain rules the append service applies (ImportStreams),
 * so a file is refused whole before anything is written. A RecordedEvent must continue its
 * stream (revision = last + 1) and its hash must be the one sealing it (`sealEvents`)
 * computes over the chain. Each line costs the same whatever the order of the file's streams, and the
 * memory kept grows by a few dozen bytes a line.
 */
export async function planImport(store: EventStore, source: LineSource, options: PlanOptions): Promise<ImportPlan> {
  const streams = new ImportStreams(store, source, options);
  const skip = new LineSet();
  const negotiations = new Set<string>();
  const problems: LineProblem[] = [];
  let problemCount = 0;
  let toImport = 0;
  let lineCount = 0;

  const report = (number: number, message: string) => {
    problemCount++;
    if (problems.length < options.maxProblems) problems.push({ kind: 'problem', number, message });
  };

  const check = async (line: ImportLine, at: LineAt, stored: RecordedEvent | undefined): Promise<void> => {
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
    if (line.kind === 'recorded') {
      const problem = await streams.recorded(line, at, true);
      if (problem) report(line.number, problem);
    } else {
      const decided = await streams.input(line, at);
      if (typeof decided === 'string') report(line.number, decided);
    }
    toImport++;
  };

  let chunk: { line: ImportLine | LineProblem; at: LineAt }[] = [];
  const flush = async (bytes: number) => {
    const ids = chunk.flatMap(({ line }) => (line.kind === 'recorded' ? [line.event.id] : line.kind === 'input' && line.input.id ? [line.input.id] : []));
    const stored = new Map((ids.length > 0 ? await store.findEvents(ids) : []).map((event) => [event.id, event]));
    for (const { line, at } of chunk) {
      if (line.kind === 'problem') report(line.number, line.message);
      else await check(line, at, stored.get(line.kind === 'recorded' ? line.event.id : (line.input.id ?? '')));
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
  return { skip, toImport, negotiations: [...negotiations], problems, problemCount };
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

import { randomUUID } from 'node:crypto';
import type { EventInput } from '../events/eventInput.js';
import type { PendingEvent } from '../events/recordedEvent.js';
import { DomainRuleError, EventIdConflictError, ParleyError, ValidationError, WrongExpectedRevisionError } from '../errors.js';
import { parseImportLine, type LineProblem } from './importLine.js';
import { planImport } from './importPlan.js';
import type { LineSource } from './jsonLines.js';
import type { Parley } from './parley.js';

export interface ImportProgress {
  /** `check`: validating the whole file; `write`: recording it. */
  readonly phase: 'check' | 'write';
  readonly lines: number;
  readonly bytes: number;
}

export interface ImportOptions {
  /** Who records the EventInput lines (RecordedEvent lines keep their own recordedBy). */
  readonly recordedBy: string;
  readonly newId?: () => string;
  /** Events per store append (and per append-service batch): at most 1,000. */
  readonly batchSize?: number;
  /** How many bad lines are reported in detail; the rest are counted. */
  readonly maxProblems?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

export interface ImportResult {
  readonly imported: number;
  /** Lines whose event was already stored (or repeated in the file): an import is idempotent on event id. */
  readonly skipped: number;
  /** Negotiations that received events. */
  readonly negotiations: readonly string[];
  /** EventInput lines without an id: importing the file again records them again. */
  readonly withoutId: number;
}

/** The file has bad lines; nothing was written. `errors` names the first ones by line number. */
export class ImportRejectedError extends ValidationError {
  constructor(
    sourceName: string,
    problems: readonly LineProblem[],
    readonly problemCount: number,
  ) {
    super(
      `${sourceName}: ${problemCount} bad line${problemCount === 1 ? '' : 's'}, nothing was imported`,
      problems.map((p) => ({ path: `line ${p.number}`, message: p.message })),
    );
  }
}

/** The store changed under the import (another writer): part of the file may be written; importing again completes it. */
export class ImportInterruptedError extends ParleyError {
  override readonly status = 409;
  override readonly title = 'Import interrupted';
}

const CHUNK_LINES = 1_000;

/**
 * Imports JSON Lines of RecordedEvents and EventInputs (CONTRACT §7) in two passes: the
 * first validates every line and checks it against the store without writing (planImport),
 * the second writes, batching consecutive lines of one stream. A RecordedEvent is stored
 * exactly as written; an EventInput goes through the append service and is recorded now.
 */
export async function importEvents(parley: Parley, source: LineSource, options: ImportOptions): Promise<ImportResult> {
  const batchSize = Math.min(options.batchSize ?? 1_000, 1_000);
  const newId = options.newId ?? randomUUID;
  const plan = await planImport(parley.store, source, {
    recordedBy: options.recordedBy,
    now: parley.now,
    newId,
    maxProblems: options.maxProblems ?? 20,
    chunkLines: CHUNK_LINES,
    onLines: (lines, bytes) => options.onProgress?.({ phase: 'check', lines, bytes }),
  });
  if (plan.problemCount > 0) throw new ImportRejectedError(source.name, plan.problems, plan.problemCount);

  let imported = 0;
  let skipped = 0;
  let withoutId = 0;
  let batch: Batch | undefined;
  const flush = async () => {
    if (!batch) return;
    const current = batch;
    batch = undefined;
    try {
      if (current.kind === 'recorded') {
        await parley.store.append(current.negotiationId, current.events[0]!.revision - 1, current.events);
        imported += current.events.length;
      } else {
        await parley.append({ negotiationId: current.negotiationId, inputs: current.inputs, recordedBy: options.recordedBy });
        imported += current.inputs.length;
      }
    } catch (error) {
      const raced = error instanceof WrongExpectedRevisionError || error instanceof EventIdConflictError || error instanceof DomainRuleError;
      if (!raced) throw error;
      throw new ImportInterruptedError(
        `negotiation ${current.negotiationId} changed while importing (${error.message}); ${imported} events were written before it, importing again completes the rest`,
      );
    }
  };

  let lines = 0;
  for await (const line of source.lines()) {
    lines++;
    if (lines % CHUNK_LINES === 0) options.onProgress?.({ phase: 'write', lines, bytes: line.end });
    if (plan.skip.has(line.number)) {
      skipped++;
      continue;
    }
    const parsed = parseImportLine(line, { checked: true });
    if (parsed.kind === 'problem') throw new ValidationError(`${source.name} changed while it was being imported: line ${parsed.number}: ${parsed.message}`);
    const negotiationId = parsed.kind === 'recorded' ? parsed.event.negotiationId : parsed.negotiationId;
    if (!batch || batch.kind !== parsed.kind || batch.negotiationId !== negotiationId || batch.size >= batchSize) {
      await flush();
      batch = parsed.kind === 'recorded' ? { kind: 'recorded', negotiationId, events: [], size: 0 } : { kind: 'input', negotiationId, inputs: [], size: 0 };
    }
    if (parsed.kind === 'recorded' && batch.kind === 'recorded') batch.events.push(parsed.event);
    else if (parsed.kind === 'input' && batch.kind === 'input') {
      const assigned = plan.assignedIds.get(parsed.number);
      if (assigned !== undefined) withoutId++;
      batch.inputs.push(assigned !== undefined ? { ...parsed.input, id: assigned } : parsed.input);
    }
    batch.size++;
  }
  await flush();
  options.onProgress?.({ phase: 'write', lines, bytes: source.size ?? 0 });
  if (imported !== plan.toImport) {
    throw new ValidationError(`${source.name} changed while it was being imported: ${plan.toImport} events were checked, ${imported} written`);
  }
  return { imported, skipped, negotiations: plan.negotiations, withoutId };
}

type Batch =
  | { kind: 'recorded'; negotiationId: string; events: PendingEvent[]; size: number }
  | { kind: 'input'; negotiationId: string; inputs: EventInput[]; size: number };

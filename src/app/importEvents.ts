import { randomUUID } from 'node:crypto';
import { ValidationError } from '../errors.js';
import { parseImportLine, type LineProblem } from './importLine.js';
import { planImport } from './importPlan.js';
import { ImportWriter, type ImportBatch } from './importWriter.js';
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

export { ImportInterruptedError } from './importWriter.js';

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

  const writer = new ImportWriter(parley, options.recordedBy);
  let skipped = 0;
  let withoutId = 0;
  let batch: ImportBatch | undefined;
  const flush = async () => {
    if (batch) await writer.write(batch);
    batch = undefined;
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
    if (!batch || batch.kind !== parsed.kind || batch.negotiationId !== negotiationId || sizeOf(batch) >= batchSize) {
      await flush();
      batch = parsed.kind === 'recorded' ? { kind: 'recorded', negotiationId, events: [] } : { kind: 'input', negotiationId, inputs: [] };
    }
    if (parsed.kind === 'recorded' && batch.kind === 'recorded') batch.events.push(parsed.event);
    else if (parsed.kind === 'input' && batch.kind === 'input') {
      const assigned = plan.assignedIds.get(parsed.number);
      if (assigned !== undefined) withoutId++;
      batch.inputs.push(assigned !== undefined ? { ...parsed.input, id: assigned } : parsed.input);
    }
  }
  await flush();
  await writer.settle();
  const imported = writer.written;
  options.onProgress?.({ phase: 'write', lines, bytes: source.size ?? 0 });
  if (imported !== plan.toImport) {
    throw new ValidationError(`${source.name} changed while it was being imported: ${plan.toImport} events were checked, ${imported} written`);
  }
  return { imported, skipped, negotiations: plan.negotiations, withoutId };
}

function sizeOf(batch: ImportBatch): number {
  return batch.kind === 'recorded' ? batch.events.length : batch.inputs.length;
}

import { randomUUID } from 'node:crypto';
import { ImportRejectedError, ValidationError } from '../errors.js';
import type { PendingEvent } from '../events/recordedEvent.js';
import { ImportHeads } from './importHeads.js';
import { parseImportLine } from './importLine.js';
import { planImport } from './importPlan.js';
import { ImportWriter, type ImportBatch } from './importWriter.js';
import type { LineSource } from './jsonLines.js';
import { restoreCheckpoint } from './restoreCheckpoint.js';
import type { Parley } from './parley.js';
import type { ImportResult } from '../answers/importResult.js';

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

export type { ImportResult };

/** Lines between progress reports. */
const PROGRESS_LINES = 1_000;
/**
 * Lines the checking pass looks up in the store at once. Small: they are held across the
 * lookup, and what outlives a young-generation collection is what makes the heap grow.
 */
const CHECK_LINES = 200;

/**
 * Imports JSON Lines of RecordedEvents and EventInputs (CONTRACT §7) in two passes over
 * the file, neither of which keeps its lines: the first validates every line and checks
 * it against the store without writing (planImport); the second reads the file again,
 * seals each EventInput onto its stream's head at the instant its window of writes began, and writes batches of consecutive lines
 * of one stream from the heads the first pass found. A RecordedEvent is stored exactly as
 * written. What the first pass vouched for is not validated again.
 */
export async function importEvents(parley: Parley, source: LineSource, options: ImportOptions): Promise<ImportResult> {
  const batchSize = Math.min(options.batchSize ?? 1_000, 1_000);
  const newId = options.newId ?? randomUUID;
  const streamOptions = { recordedBy: options.recordedBy, now: parley.now, newId };
  const plan = await planImport(parley.store, source, {
    ...streamOptions,
    maxProblems: options.maxProblems ?? 20,
    merkleLog: parley.proofs?.log,
    chunkLines: CHECK_LINES,
    onLines: (lines, bytes) => options.onProgress?.({ phase: 'check', lines, bytes }),
  });
  if (plan.problemCount > 0) throw new ImportRejectedError(source.name, plan.problems, plan.problemCount);

  // The checking pass vouched for every line; what the store holds of these streams now is
  // what it held then, unless another writer moved them, which the appends then refuse.
  const heads = new ImportHeads(plan.heads, streamOptions);
  const writer = new ImportWriter(parley.store);
  let withoutId = 0;
  let batch: ImportBatch | undefined;
  let lines = 0;
  let checkpoints = 0;

  try {
    for await (const line of source.lines()) {
      lines++;
      if (lines % PROGRESS_LINES === 0) options.onProgress?.({ phase: 'write', lines, bytes: line.end });
      if (plan.skip.has(line.number)) continue;
      const parsed = parseImportLine(line, { checked: true, asWritten: plan.asWritten.has(line.number) });
      if (parsed.kind === 'problem') throw new ValidationError(`${source.name} changed while it was being imported: line ${parsed.number}: ${parsed.message}`);
      if (parsed.kind === 'checkpoint') {
        if (!plan.restore.has(line.number)) continue;
        if (batch) await writer.write(batch);
        batch = undefined;
        await writer.settle();
        await restoreCheckpoint(parley, parsed.checkpoint);
        checkpoints++;
        continue;
      }
      const negotiationId = parsed.kind === 'recorded' ? parsed.event.negotiationId : parsed.negotiationId;
      // A batch is handed over before the next line is sealed: a window of writes that ends moves the instant on.
      if (!batch || batch.negotiationId !== negotiationId || batch.events.length >= batchSize) {
        if (batch && (await writer.write(batch))) heads.nextInstant();
        batch = { negotiationId, events: [] };
      }
      let event: PendingEvent;
      if (parsed.kind === 'recorded') {
        heads.recorded(parsed.event);
        event = parsed.event;
      } else {
        const sealed = heads.seal(parsed.negotiationId, parsed.input);
        if (!sealed) throw new ValidationError(`${source.name} changed while it was being imported: line ${line.number} is of a negotiation the check did not meet`);
        if (parsed.input.id === undefined) withoutId++;
        event = sealed;
      }
      batch.events.push(event);
    }
    if (batch) await writer.write(batch);
  } catch (error) {
    await writer.settle().catch(() => undefined); // the batches handed over finish before the error is reported
    throw error;
  }
  await writer.settle();
  const imported = writer.written;
  options.onProgress?.({ phase: 'write', lines, bytes: source.size ?? 0 });
  if (imported !== plan.toImport) {
    throw new ValidationError(`${source.name} changed while it was being imported: ${plan.toImport} events were checked, ${imported} written`);
  }
  return { imported, skipped: plan.skip.size, negotiations: plan.negotiations, withoutId, checkpoints, checkpointsPassedOver: plan.passedOver };
}

import { setTimeout as sleep } from 'node:timers/promises';
import { DuplicateEventIdError, ImportInterruptedError, ImportRejectedError, WrongExpectedRevisionError } from '../errors.js';
import { importEvents, type ImportProgress, type ImportResult } from './importEvents.js';
import { fileLines } from './jsonLines.js';
import type { Parley } from './parley.js';

/** The principal the seed scenario is recorded by, so its events are told apart from real records. */
export const DEMO_RECORDER = 'demo';

/** The seed scenario file, relative to the package root. */
export const SEED_SCENARIO = 'examples/eu-ai-model-access.jsonl';

/** Loads tried when another writer races this one (two instances starting on one empty store). */
const ATTEMPTS = 5;

/**
 * Loads the seed scenario through the import service: recorded now, by `demo`. Its events
 * have fixed ids, so loading it again adds nothing. Two instances started together on one
 * empty store both load it; the one that loses the race loads again until every line is
 * found already stored.
 */
export async function loadDemo(
  parley: Parley,
  file: string,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await importEvents(parley, await fileLines(file), { recordedBy: DEMO_RECORDER, onProgress });
      await parley.catchUp(); // the read model indexes the seed at once, not at the first query
      return result;
    } catch (error) {
      if (attempt >= ATTEMPTS || !raced(error)) throw error;
      await sleep(100 * attempt);
    }
  }
}

/** What an import meets when another writer appends to the same streams meanwhile. */
function raced(error: unknown): boolean {
  return (
    error instanceof ImportRejectedError ||
    error instanceof ImportInterruptedError ||
    error instanceof WrongExpectedRevisionError ||
    error instanceof DuplicateEventIdError
  );
}

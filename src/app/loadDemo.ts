import { importEvents, type ImportProgress, type ImportResult } from './importEvents.js';
import { fileLines } from './jsonLines.js';
import type { Parley } from './parley.js';

/** The principal the seed scenario is recorded by, so its events are told apart from real records. */
export const DEMO_RECORDER = 'demo';

/** The seed scenario file, relative to the package root. */
export const SEED_SCENARIO = 'examples/eu-ai-model-access.jsonl';

/**
 * Loads the seed scenario through the import service: recorded now, by `demo`. Its events
 * have fixed ids, so loading it again adds nothing.
 */
export async function loadDemo(
  parley: Parley,
  file: string,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportResult> {
  return importEvents(parley, await fileLines(file), { recordedBy: DEMO_RECORDER, onProgress });
}

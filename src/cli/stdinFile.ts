import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** A private temporary copy of a stream, and how to remove it. */
export interface SpooledFile {
  readonly path: string;
  remove(): Promise<void>;
}

/**
 * Copies a stream (standard input) to a temporary file readable only by this user: an
 * import reads its input twice (check, then write), which a pipe cannot give.
 */
export async function spoolToFile(input: NodeJS.ReadableStream): Promise<SpooledFile> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-stdin-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  const path = join(dir, 'input.jsonl');
  try {
    await pipeline(input, createWriteStream(path, { mode: 0o600 }));
  } catch (error) {
    await remove();
    throw error;
  }
  return { path, remove };
}

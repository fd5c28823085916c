import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { Serving } from '../../src/cli/commands/serve.js';

/**
 * The work folders and running `serve`s of one test file: after each test every server still
 * running is closed, newest first, and every folder removed.
 */
export class ServeSandbox {
  private readonly dirs: string[] = [];
  private readonly running: Serving[] = [];

  constructor(private readonly prefix: string) {
    afterEach(async () => {
      while (this.running.length > 0) await this.running.pop()!.close();
      while (this.dirs.length > 0) rmSync(this.dirs.pop()!, { recursive: true, force: true });
    });
  }

  workDir(): string {
    const dir = mkdtempSync(join(tmpdir(), this.prefix));
    this.dirs.push(dir);
    return dir;
  }

  /** Keeps a started server, to be closed after the test. */
  keep(serving: Serving): Serving {
    this.running.push(serving);
    return serving;
  }

  /** Closes the server started last (its close promise: a test may watch the shutdown). */
  stopLast(): Promise<void> {
    return this.running.pop()!.close();
  }
}

import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect } from 'vitest';
import { serve, type Serving } from '../../src/cli/commands/serve.js';
import { meeting, opened } from '../support/inputs.js';

export const ADMIN = 'ada-admin-token-0123456789abcdef0123';
export const READER = 'rita-reader-token-0123456789abcdef012';
const STORE_FILES = ['parley.db', 'parley.db-wal', 'parley.db-shm'];

/** A Parley server on its own data folder, started and stopped in this process as `parley serve` does it. */
export class Log {
  readonly data: string;
  private serving: Serving | undefined;

  constructor(
    readonly dir: string,
    private readonly extra: Record<string, string> = {},
  ) {
    this.data = join(dir, 'data');
  }

  get env(): Record<string, string> {
    return {
      ...this.extra,
      PARLEY_STORE: `sqlite:${join(this.data, 'parley.db')}`,
      PARLEY_TOKENS: `ada:admin:${ADMIN},rita:reader:${READER}`,
      PARLEY_SEED: 'false',
      // Checkpoints only when the test signs one.
      PARLEY_CHECKPOINT_SECONDS: '3600',
      PARLEY_LOG_ORIGIN: 'parley/witnessed',
    };
  }

  get url(): string {
    return this.serving!.url;
  }

  get keptCheckpoint(): string {
    return join(this.data, 'signing-key.checkpoint');
  }

  async start(): Promise<void> {
    const context = { env: this.env, stdout: new PassThrough(), stderr: new PassThrough(), now: Date.now, username: () => 'tester' };
    this.serving = await serve(context, { port: '0', host: '127.0.0.1' }, { cwd: this.dir, logTo: new PassThrough() });
  }

  async stop(): Promise<void> {
    await this.serving?.close();
    this.serving = undefined;
  }

  /** A new negotiation of `count` events. */
  async append(negotiationId: string, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const body = i === 0 ? opened() : meeting({ occurredAt: `2026-05-${String(10 + i).padStart(2, '0')}` });
      const response = await fetch(`${this.url}/negotiations/${negotiationId}/events`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(201);
    }
  }

  /** POST /proofs/checkpoint: the size signed. */
  async sign(): Promise<number> {
    const response = await fetch(`${this.url}/proofs/checkpoint`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}` } });
    expect(response.status).toBe(201);
    return ((await response.json()) as { size: number }).size;
  }

  /** Copies the store's files (taken while the server is stopped). */
  copyStoreTo(folder: string): void {
    for (const file of STORE_FILES) if (existsSync(join(this.data, file))) copyFileSync(join(this.data, file), join(folder, file));
  }

  restoreStoreFrom(folder: string): void {
    for (const file of STORE_FILES) rmSync(join(this.data, file), { force: true });
    for (const file of STORE_FILES) if (existsSync(join(folder, file))) copyFileSync(join(folder, file), join(this.data, file));
  }
}

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/main.js');

/** The CLI tests run the built binary, as a user would: fail clearly when it has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first with "npx tsc -p ."`);
  const source = join(ROOT, 'src/cli/main.ts');
  if (statSync(source).mtimeMs > statSync(CLI).mtimeMs) console.warn(`${CLI} is older than ${source}: rebuild with "npx tsc -p ."`);
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/src/cli/main.js ...args` to completion. PARLEY_* variables of the caller are not passed on. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PARLEY_') && value !== undefined) env[key] = value;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd ?? ROOT, env: { ...env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** A fresh temporary folder, removed by the returned function. */
export function tempDir(label: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `parley-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every stored row (position, stream, revision, id, hash, body), read straight from the SQLite file. */
export function storedRows(path: string): { position: number; negotiation_id: string; revision: number; id: string; hash: string; body: string }[] {
  if (!existsSync(path)) return [];
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT position, negotiation_id, revision, id, hash, body FROM events ORDER BY position').all() as never;
  } finally {
    db.close();
  }
}

/** What "the store is unchanged" compares: the event count and each stream's last revision and hash. */
export function storeFingerprint(path: string): { events: number; heads: Record<string, string> } {
  const heads: Record<string, string> = {};
  const rows = storedRows(path);
  for (const row of rows) heads[row.negotiation_id] = `${row.revision}:${row.hash}`;
  return { events: rows.length, heads };
}

/** The lines of a CLI output stream that are not empty. */
export function linesOf(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

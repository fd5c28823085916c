import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/src/cli/main.js`;

/** Why the built CLI cannot run, if it cannot: these tests start it as a user would. */
export function missingCli(): string | undefined {
  return existsSync(CLI) ? undefined : `${CLI} is missing: build first with "npx tsc -p ."`;
}

/** The caller's environment without its PARLEY_*, PORT and HOST settings, plus `env`. */
export function cleanEnv(env: Record<string, string> = {}): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith('PARLEY_') && key !== 'PORT' && key !== 'HOST') kept[key] = value;
  }
  return { ...kept, ...env };
}

/** A running `parley serve` child process. */
export interface ParleyProcess {
  readonly url: string;
  readonly pid: number;
  /** Everything it has printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** The store URL (`--store`). */
  readonly store: string;
  /** PARLEY_* settings (PARLEY_TOKENS, …). */
  readonly env?: Record<string, string>;
  /** How long to wait for the listening line before giving up. */
  readonly startTimeoutMs?: number;
}

const LISTENING = /Parley listening on (http:\/\/[^\s]+)/;

/**
 * Starts `parley serve --port 0 --host 127.0.0.1 --store …` and resolves once it prints
 * "Parley listening on http://HOST:PORT"; rejects with its output if it exits first.
 */
export async function startParley(options: StartOptions): Promise<ParleyProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--store', options.store], {
    cwd: ROOT,
    env: cleanEnv({ PARLEY_LOG_LEVEL: 'warn', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const limit = options.startTimeoutMs ?? 60_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`parley serve printed no listening line within ${limit} ms:\n${output}`));
    }, limit);
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = LISTENING.exec(output);
      if (match) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(match[1]!);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(timer);
      reject(new Error(`parley serve exited (${signal ?? code}) before listening:\n${output}`));
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', onExit);
  });
  return { url, pid: child.pid!, output: () => output, stop: () => stop(child) };
}

/** SIGTERM (graceful shutdown), then SIGKILL if it has not exited after 15 s. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { spawn } from 'node:child_process';
import { CLI, cleanEnv, ROOT } from './parleyProcess.js';

export interface CommandRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program to completion, without the caller's PARLEY_* settings. */
export function runCommand(file: string, args: readonly string[], env: Record<string, string> = {}): Promise<CommandRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** `node dist/src/cli/main.js …args`. */
export function runParley(args: readonly string[], env: Record<string, string> = {}): Promise<CommandRun> {
  return runCommand(process.execPath, [CLI, ...args], env);
}

/** A command line through `sh -c`, pipes and all; `parley` in it is the built CLI. */
export function runShell(script: string, env: Record<string, string> = {}): Promise<CommandRun> {
  return runCommand('sh', ['-c', `set -e; parley() { "$TEST_NODE" "$TEST_PARLEY_CLI" "$@"; }\n${script}`], {
    ...env,
    TEST_NODE: process.execPath,
    TEST_PARLEY_CLI: CLI,
  });
}

/** Quotes a value for a POSIX shell command line. */
export function shellQuote(value: string): string {
  return `'${value.replaceAll("'", "'\\''")}'`;
}

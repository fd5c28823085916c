import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository root, where `dist/` and `web/dist/` are built by `npm run build`. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/src/cli/main.js`;
export const WEB_DIST = `${ROOT}web/dist/index.html`;

export interface RunningServer {
  readonly url: string;
  stop(): Promise<void>;
}

/** What is missing for a real server to run, if anything: the e2e tests need the built CLI and page. */
export function missingBuild(): string | undefined {
  if (!existsSync(CLI)) return `${CLI} is missing: run "npm run build" first`;
  if (!existsSync(WEB_DIST)) return `${WEB_DIST} is missing: run "npm run build" first`;
  return undefined;
}

/**
 * Starts `parley serve --port 0` on a SQLite file and resolves once it prints the address
 * it listens on. The environment is the caller's PARLEY_* settings only.
 */
export async function startParleyServer(store: string, env: Record<string, string>): Promise<RunningServer> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('PARLEY_') && key !== 'PORT' && key !== 'HOST'));
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--store', store], {
    cwd: ROOT,
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`parley serve printed no address within 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (match && match[1] !== '0') {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`parley serve exited with ${code} before listening:\n${output}`));
    });
  });
  return { url, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

import { userInfo } from 'node:os';

/** What a command may touch of the outside world; main.ts builds it from the process. */
export interface CliContext {
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** What `parley import` reads when given no file (or "-"): absent means none. */
  readonly stdin?: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Epoch ms now. */
  readonly now: () => number;
  /** The operating-system user: the default recorder of an import. */
  readonly username: () => string;
}

export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    now: Date.now,
    username: osUser,
  };
}

/** os.userInfo() throws when the uid has no passwd entry (some containers): fall back to $USER, then "parley". */
function osUser(): string {
  try {
    const name = userInfo().username.trim();
    if (name) return name;
  } catch {
    // no passwd entry
  }
  return process.env.USER?.trim() || process.env.USERNAME?.trim() || 'parley';
}

import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './harness.js';

const run = promisify(execFile);
const REDOCLY = join(ROOT, 'node_modules/@redocly/cli/bin/cli.js');

export interface LintProblem {
  readonly ruleId: string;
  readonly severity: 'error' | 'warn';
  readonly message: string;
  readonly pointer: string | undefined;
}

/**
 * Redocly's recommended ruleset on a document, as `redocly lint` reports it to anyone who runs
 * it: the CLI itself, since its Node API is documented as internal.
 */
export async function redoclyLint(document: unknown): Promise<LintProblem[]> {
  const dir = await mkdtemp(join(tmpdir(), 'parley-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document));
    // Run in the empty folder so no redocly.yaml is picked up; no telemetry or update check from a test.
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
    const args = [REDOCLY, 'lint', file, '--extends=recommended', '--format=json'];
    // The CLI exits 1 when it finds errors; its report is on stdout either way.
    const stdout = await run(process.execPath, args, { cwd: dir, env }).then(
      (done) => done.stdout,
      (failed: { stdout?: string }) => failed.stdout ?? '',
    );
    const report = JSON.parse(stdout) as { problems: { ruleId: string; severity: 'error' | 'warn'; message: string; location: { pointer?: string }[] }[] };
    return report.problems.map(({ ruleId, severity, message, location }) => ({ ruleId, severity, message, pointer: location[0]?.pointer }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface ChildRun {
  /** Wall time from spawn to exit. */
  readonly ms: number;
  readonly peakRssMb: number;
  readonly stdout: string;
}

const PRELOAD = new URL('./maxRssAtExit.js', import.meta.url).href;

/**
 * Runs `node ARGS` to its exit as a whole process (start-up included), and reads its peak RSS
 * from the preloaded maxRssAtExit. A non-zero exit is an error carrying the child's stderr.
 */
export function timedChild(args: readonly string[], workDir: string): Promise<ChildRun> {
  const rssFile = join(workDir, `rss-${process.pid}-${Date.now()}.txt`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PARLEY_BENCH_RSS_FILE: rssFile },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-2_000)}`));
      try {
        const peakRssMb = Number(readFileSync(rssFile, 'utf8')) / 1024;
        rmSync(rssFile, { force: true });
        resolve({ ms, peakRssMb, stdout });
      } catch (error) {
        reject(error);
      }
    });
  });
}

import { randomBytes } from 'node:crypto';
import { startServer } from './httpBench.js';
import type { BenchOptions } from './options.js';
import { atMost, grouped, info, quantile, type Row } from './table.js';
import { PEOPLE, PROVIDERS, REGULATORS } from './workloadText.js';
import { Prng } from '../support/prng.js';

/** Requests per route: enough for a p99 that is not one outlier. */
const SAMPLES = 200;
/** CONTRACT §4.1 target at 1,000,000 events on this machine. */
const P99_MS = 50;

interface Span {
  readonly occurredFrom: string;
  readonly occurredTo: string;
  readonly recordedFrom: string;
  readonly recordedTo: string;
}

/**
 * The cross-negotiation queries over HTTP at random cuts, against `parley serve` on the store
 * the core bench filled: p50/p99 of each route, one request at a time, after the server's
 * read model is up to date (the first query waits for it; its time is its own row).
 */
export async function runQueryBench(storePath: string, options: BenchOptions, log: (line: string) => void): Promise<Row[]> {
  const token = randomBytes(24).toString('base64url');
  const started = performance.now();
  const server = await startServer(storePath, token);
  try {
    const headers = { authorization: `Bearer ${token}` };
    const get = async (path: string) => {
      const response = await fetch(`${server.url}${path}`, { headers });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${body.slice(0, 300)}`);
      return body;
    };
    const first = JSON.parse(await get('/dashboard')) as { span: Span };
    const readyMs = performance.now() - started;
    const span = first.span;
    const random = new Prng(options.workload.seed);
    const between = (from: string, to: string) => new Date(Date.parse(from) + random.next() * (Date.parse(to) - Date.parse(from))).toISOString();
    const cut = () => `asOf=${between(firstDate(span.occurredFrom), lastDate(span.occurredTo))}&knownAt=${between(span.recordedFrom, span.recordedTo)}`;
    const words = ['access', 'model', 'offer', 'cyber', 'security', 'evaluation', 'regulator', 'commission'];
    const routes: [string, () => string][] = [
      ['/dashboard', () => `/dashboard?${cut()}`],
      ['/negotiations?status', () => `/negotiations?status=${random.pick(['open', 'progressing', 'stalled', 'agreed'])}&${cut()}`],
      ['/statements?q (two words)', () => `/statements?q=${encodeURIComponent(`${random.pick(words)} ${random.pick(words)}`)}&${cut()}`],
      ['/statements?speaker', () => `/statements?speaker=${encodeURIComponent(random.pick(PEOPLE).split(' ').at(-1)!)}&${cut()}`],
      ['/access?grantee', () => `/access?grantee=${encodeURIComponent(random.pick(REGULATORS))}&${cut()}`],
      ['/orgs/{org}', () => `/orgs/${encodeURIComponent(random.pick([...REGULATORS, ...PROVIDERS]))}?${cut()}`],
    ];
    const size = `${grouped(options.workload.events)} events`;
    const rows: Row[] = [info(`HTTP read model ready (serve start + catch-up), ${size}`, `${Math.round(readyMs)} ms`)];
    for (const [name, path] of routes) {
      log(`  ${name}…`);
      for (let i = 0; i < 10; i++) await get(path()); // warm-up
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const at = performance.now();
        await get(path());
        times.push(performance.now() - at);
      }
      rows.push(info(`HTTP GET ${name} p50 at random cuts, ${size}`, `${quantile(times, 0.5).toFixed(1)} ms`));
      rows.push(atMost(`HTTP GET ${name} p99 at random cuts, ${size}`, quantile(times, 0.99), P99_MS, 'ms', 1));
    }
    return rows;
  } finally {
    await server.stop();
  }
}

/** A date a span end names, as Date.parse reads it: an interval's first (or last) end that is a date, qualifiers dropped. */
function firstDate(text: string): string {
  return text.split('/').filter((part) => part !== '..')[0]!.replace(/[~?%]/g, '');
}

function lastDate(text: string): string {
  return text.split('/').filter((part) => part !== '..').at(-1)!.replace(/[~?%]/g, '');
}

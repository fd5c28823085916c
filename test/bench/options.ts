import { DEFAULT_WORKLOAD, type WorkloadOptions } from './workload.js';

/** What `npm run bench -- …` was asked for. */
export interface BenchOptions {
  readonly workload: WorkloadOptions;
  /** As-of replay samples for p50/p99. */
  readonly samples: number;
  /** Where the bench keeps its SQLite files; removed afterwards. */
  readonly workDir: string;
  /** Whether to run the HTTP and PostgreSQL benches after the core (`--http 0`, `--postgres 0` skip them). */
  readonly http: boolean;
  readonly postgres: boolean;
  /** Runs of each whole-process import figure, of which the median is shown (`--repeat N`). */
  readonly repeat: number;
}

const USAGE = 'usage: npm run bench -- [--events N] [--negotiations N] [--big N] [--seed N] [--samples N] [--http 0|1] [--postgres 0|1] [--repeat N]';

/** Parses `--name value` pairs; anything else is an error with the usage line. */
export function parseBenchArgs(argv: readonly string[], workDir: string): BenchOptions {
  const flags = new Map<string, number>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    const value = Number(argv[i + 1]);
    if (!name?.startsWith('--') || !Number.isSafeInteger(value) || value < 0) throw new Error(`bad argument "${argv.slice(i, i + 2).join(' ')}"; ${USAGE}`);
    flags.set(name.slice(2), value);
  }
  const known = new Set(['events', 'negotiations', 'big', 'seed', 'samples', 'http', 'postgres', 'repeat']);
  for (const name of flags.keys()) if (!known.has(name)) throw new Error(`unknown option --${name}; ${USAGE}`);
  return {
    workload: {
      ...DEFAULT_WORKLOAD,
      events: flags.get('events') ?? DEFAULT_WORKLOAD.events,
      negotiations: flags.get('negotiations') ?? DEFAULT_WORKLOAD.negotiations,
      bigStreamEvents: flags.get('big') ?? DEFAULT_WORKLOAD.bigStreamEvents,
      seed: flags.get('seed') ?? DEFAULT_WORKLOAD.seed,
    },
    samples: flags.get('samples') ?? 1_000,
    workDir,
    http: flags.get('http') !== 0,
    postgres: flags.get('postgres') !== 0,
    repeat: Math.max(1, flags.get('repeat') ?? 1),
  };
}

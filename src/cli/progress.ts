import cliProgress from 'cli-progress';

export interface Progress {
  update(value: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

/** A progress bar on stderr when stderr is a terminal; silent otherwise (pipes, files, CI logs). */
export function startProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string, total: number, unit: string): Progress {
  if (!stream.isTTY || total <= 0) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
      ...(unit === 'bytes' && {
        format: `${label} [{bar}] {percentage}% | {value}/{total} MiB | {eta_formatted} left`,
        formatValue: (value: number, _options: unknown, type: string) => (type === 'value' || type === 'total' ? (value / 1048576).toFixed(1) : String(value)),
      }),
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (value) => bar.update(Math.min(value, total)),
    stop: () => bar.stop(),
  };
}

/** A progress bar whose total is known only once the work starts (the streams a catch-up finds behind). */
export function startCountProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }, label: string, unit: string): { update(done: number, total: number): void; stop(): void } {
  let bar: Progress | undefined;
  return {
    update(done, total) {
      bar ??= startProgress(stream, label, total, unit);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}

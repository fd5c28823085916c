import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { isCheckpointLine } from '../../app/checkpointLine.js';
import { countEvents, exportEvents, type ExportOptions } from '../../app/exportEvents.js';
import type { EventStore } from '../../store/eventStore.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import type { CliContext } from '../context.js';
import { startProgress } from '../progress.js';
import { commandConfig, withStore } from '../withStore.js';

/** Output is written in chunks of about this many characters. */
const CHUNK = 1 << 20;

/**
 * `parley export [--out FILE] [--skip-unreadable]`: every event in global order, as JSON
 * lines `import` takes back unchanged, with the store's signed checkpoints among them. A stored row that cannot be read back fails the
 * export, naming it; with --skip-unreadable it is left out and named on stderr instead.
 */
export function registerExport(program: Command, context: CliContext): void {
  program
    .command('export')
    .description('write every event, in global order, and the signed checkpoints, as JSON lines (stdout, or --out FILE)')
    .option('--out <file>', 'write to FILE (through a temporary file, renamed when complete) instead of stdout')
    .option('--skip-unreadable', 'leave out stored events that cannot be read back, naming each on stderr, instead of failing')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (flags: { store?: string; out?: string; skipUnreadable?: boolean }) => {
      const config = commandConfig(context, flags);
      let skipped = 0;
      const options: ExportOptions = flags.skipUnreadable
        ? {
            onUnreadable: (error) => {
              skipped++;
              context.stderr.write(`parley: skipped: ${error.message}\n`);
            },
          }
        : {};
      await withStore(config, { mustExist: true }, async (store) => {
        if (flags.out === undefined) {
          await exportToStdout(store, context, options);
          return;
        }
        const count = await exportToFile(store, flags.out, context, options);
        const left = skipped > 0 ? ` (${skipped} unreadable left out)` : '';
        context.stdout.write(`exported ${count} events to ${flags.out}${left}\n`);
      });
    });
}

/** Chunks of whole lines, so writes are few and large. */
async function* chunks(store: EventStore, options: ExportOptions, onEvents: (count: number) => void): AsyncGenerator<string> {
  let chunk = '';
  let count = 0;
  for await (const line of exportEvents(store, 0, options)) {
    chunk += line;
    if (!isCheckpointLine(line)) count++;
    if (chunk.length >= CHUNK) {
      yield chunk;
      chunk = '';
      onEvents(count);
    }
  }
  if (chunk) yield chunk;
  onEvents(count);
}

async function exportToFile(store: EventStore, out: string, context: CliContext, options: ExportOptions): Promise<number> {
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const total = context.stderr.isTTY ? await countEvents(store) : 0;
  const progress = startProgress(context.stderr, 'exporting', total, 'events');
  let count = 0;
  const file = await open(temporary, 'wx', 0o644).catch((error: NodeJS.ErrnoException) => {
    error.path = out; // the temporary name means nothing to the user
    throw error;
  });
  try {
    for await (const chunk of chunks(store, options, (n) => progress.update((count = n)))) await file.write(chunk);
    await file.sync();
    await file.close();
    await rename(temporary, out);
    return count;
  } catch (error) {
    await file.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  } finally {
    progress.stop();
  }
}

/** A reader that stops early (`parley export | head`) closes the pipe: that ends the export quietly. */
async function exportToStdout(store: EventStore, context: CliContext, options: ExportOptions): Promise<void> {
  const ignore = () => {};
  context.stdout.on('error', ignore);
  try {
    for await (const chunk of chunks(store, options, () => {})) {
      await new Promise<void>((resolve, reject) => context.stdout.write(chunk, (error) => (error ? reject(error) : resolve())));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
  } finally {
    context.stdout.off('error', ignore);
  }
}

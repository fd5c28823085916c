import type { Command } from 'commander';
import { importEvents, type ImportProgress } from '../../app/importEvents.js';
import { fileLines, type LineSource } from '../../app/jsonLines.js';
import { createParley } from '../../app/parley.js';
import { recorderArgument, STORE_OPTION_HELP } from '../arguments.js';
import { UsageError } from '../cliErrors.js';
import type { CliContext } from '../context.js';
import { startCountProgress, startProgress, type Progress } from '../progress.js';
import { spoolToFile } from '../stdinFile.js';
import { commandConfig, withStore } from '../withStore.js';

interface ImportFlags {
  readonly store?: string;
  readonly recordedBy?: string;
}

/** `parley import FILE.jsonl`: RecordedEvents kept as they are, EventInputs recorded now (CONTRACT §7). */
export function registerImport(program: Command, context: CliContext): void {
  program
    .command('import')
    .description('import JSON Lines: RecordedEvents (kept as recorded, hash-checked) or EventInputs with negotiationId (recorded now)')
    .argument('[file]', 'a .jsonl file, one event per line; none or "-": standard input (parley export | parley import)')
    .option('--recorded-by <name>', 'who records the EventInput lines (default: the operating-system user)', recorderArgument)
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (file: string | undefined, flags: ImportFlags) => {
      const config = commandConfig(context, flags);
      const { source, remove } = await inputOf(file, context);
      try {
        await withStore(config, { removeIfLeftEmpty: true }, async (store) => {
          const progress = phaseProgress(context, source.size ?? 0);
          try {
            const parley = createParley({ store, now: context.now });
            const result = await importEvents(parley, source, {
              recordedBy: flags.recordedBy ?? context.username(),
              onProgress: progress.update,
            });
            progress.stop();
            // The read model is built once the events are in, stream by stream (CONTRACT §4.1).
            const projecting = startCountProgress(context.stderr, 'indexing', 'streams');
            await parley.catchUp(projecting.update, { alone: true });
            projecting.stop();
            const into = result.negotiations.length > 0 ? ` into ${result.negotiations.length} negotiation${result.negotiations.length === 1 ? '' : 's'}` : '';
            const checkpoints = result.checkpoints > 0 ? `, restored ${result.checkpoints} checkpoint${result.checkpoints === 1 ? '' : 's'}` : '';
            context.stdout.write(`imported ${result.imported}, skipped ${result.skipped} (already present)${into}${checkpoints}\n`);
            if (result.withoutId > 0) {
              context.stderr.write(`parley: note: ${result.withoutId} lines had no event id; importing the file again would record them again\n`);
            }
          } finally {
            progress.stop();
          }
        });
      } finally {
        await remove();
      }
    });
}

/** The file named, or standard input (kept in a temporary file: the import reads it twice). */
async function inputOf(file: string | undefined, context: CliContext): Promise<{ source: LineSource; remove: () => Promise<void> }> {
  if (file !== undefined && file !== '-') return { source: await fileLines(file), remove: async () => undefined };
  if (!context.stdin || context.stdin.isTTY) throw new UsageError('give a FILE.jsonl to import, or pipe JSON lines in (parley export | parley import)');
  const spooled = await spoolToFile(context.stdin);
  try {
    return { source: { ...(await fileLines(spooled.path)), name: 'standard input' }, remove: spooled.remove };
  } catch (error) {
    await spooled.remove();
    throw error;
  }
}

/** One bar per phase (checking, then writing), both counted in bytes of the file. */
function phaseProgress(context: CliContext, size: number): { update: (p: ImportProgress) => void; stop: () => void } {
  let phase: ImportProgress['phase'] | undefined;
  let bar: Progress | undefined;
  return {
    update: (p) => {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = startProgress(context.stderr, p.phase === 'check' ? 'checking' : 'importing', size, 'bytes');
      }
      bar?.update(p.bytes);
    },
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
}

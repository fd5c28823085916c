import type { Command } from 'commander';
import { createParley } from '../../app/parley.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import { CommandFailedError } from '../cliErrors.js';
import type { CliContext } from '../context.js';
import { startCountProgress } from '../progress.js';
import { commandConfig, withStore } from '../withStore.js';

/**
 * `parley rebuild` (CONTRACT §4.1): recreates the store's read model from the log. Idempotent;
 * one cut short (Ctrl-C, a crash) leaves the streams it did not reach behind, and `--resume`
 * (or the server's first query) goes on from there instead of starting again.
 */
export function registerRebuild(program: Command, context: CliContext): void {
  program
    .command('rebuild')
    .description('recreate the read model (the indexed tables cross-negotiation queries read) from the log')
    .option('--resume', 'go on with the streams a rebuild cut short did not reach, instead of starting again')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (flags: { store?: string; resume?: boolean }) => {
      const config = commandConfig(context, flags);
      await withStore(config, { mustExist: true }, async (store) => {
        if (!store.readModel) throw new CommandFailedError(`the ${store.kind} store keeps no read model: its queries replay the log, and there is nothing to rebuild`);
        const parley = createParley({ store, now: context.now });
        const progress = startCountProgress(context.stderr, 'rebuilding', 'streams');
        const streams = flags.resume ? await parley.catchUp(progress.update, { alone: true }) : await parley.rebuild(progress.update, { alone: true });
        progress.stop();
        context.stdout.write(`${flags.resume ? 'resumed' : 'rebuilt'}: ${streams} negotiation${streams === 1 ? '' : 's'} projected\n`);
      });
    });
}

import type { Command } from 'commander';
import { countEvents } from '../../app/exportEvents.js';
import { verifyStore } from '../../app/verifyStore.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import { CommandFailedError } from '../cliErrors.js';
import type { CliContext } from '../context.js';
import { startProgress } from '../progress.js';
import { commandConfig, withStore } from '../withStore.js';

/** `parley verify`: recomputes every hash chain (CONTRACT §6); exit status 1 on any break. */
export function registerVerify(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description('recompute every hash chain and report each break; exit status 1 if any')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (flags: { store?: string }) => {
      const config = commandConfig(context, flags);
      await withStore(config, { mustExist: true }, async (store) => {
        const total = context.stderr.isTTY ? await countEvents(store) : 0;
        const progress = startProgress(context.stderr, 'verifying', total, 'events');
        const report = await verifyStore(store, { onStream: (_id, checked) => progress.update(checked) });
        progress.stop();
        const streams = `${report.negotiations} negotiation${report.negotiations === 1 ? '' : 's'}`;
        if (report.ok) {
          context.stdout.write(`ok: ${report.checked} events in ${streams}\n`);
          return;
        }
        for (const b of report.broken) {
          const where = b.position === undefined ? '' : ` position ${b.position}`;
          context.stdout.write(`negotiation ${b.negotiationId} revision ${b.revision}${where} event ${b.eventId}: ${b.problem}\n`);
        }
        const breaks = `${report.broken.length} break${report.broken.length === 1 ? '' : 's'}`;
        const damaged = report.broken.some((b) => b.problem === 'unreadable');
        throw new CommandFailedError(`verify found ${breaks} in ${report.checked} events of ${streams}: the log was altered${damaged ? ' or damaged' : ''}`);
      });
    });
}

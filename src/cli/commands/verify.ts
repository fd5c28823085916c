import type { Command } from 'commander';
import { countEvents } from '../../app/exportEvents.js';
import { verifyStore, type VerifyReport } from '../../app/verifyStore.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import { checkpointKeyFor } from '../checkpointKey.js';
import { CommandFailedError } from '../cliErrors.js';
import type { CliContext } from '../context.js';
import { startProgress } from '../progress.js';
import { commandConfig, withStore } from '../withStore.js';

/** `parley verify`: recomputes every hash chain (CONTRACT §6) and the Merkle log with its checkpoints (§8); exit status 1 on any problem. */
export function registerVerify(program: Command, context: CliContext): void {
  program
    .command('verify')
    .description('recompute every hash chain and the Merkle log, check every stored checkpoint, and report each problem; exit status 1 if any')
    .option('--store <url>', STORE_OPTION_HELP)
    .option('--key <vkey>', "the verifier key checkpoints must be signed by (default: the server's signing key file, when there is one)")
    .action(async (flags: { store?: string; key?: string }) => {
      const config = commandConfig(context, flags);
      const key = checkpointKeyFor(config, flags.key);
      await withStore(config, { mustExist: true }, async (store) => {
        const total = context.stderr.isTTY ? await countEvents(store) : 0;
        const progress = startProgress(context.stderr, 'verifying', total, 'events');
        const report = await verifyStore(store, { onStream: (_id, checked) => progress.update(checked), checkpointKey: key?.publicKey });
        progress.stop();
        const streams = `${report.negotiations} negotiation${report.negotiations === 1 ? '' : 's'}`;
        if (report.ok) {
          context.stdout.write(`ok: ${report.checked} events in ${streams}${logSummary(report)}\n`);
          return;
        }
        for (const b of report.broken) {
          const where = b.position === undefined ? '' : ` position ${b.position}`;
          context.stdout.write(`negotiation ${b.negotiationId} revision ${b.revision}${where} event ${b.eventId}: ${b.problem}\n`);
        }
        for (const p of report.log?.problems ?? []) context.stdout.write(`log: ${p.problem}: ${p.message}\n`);
        const breaks = `${report.broken.length} break${report.broken.length === 1 ? '' : 's'}`;
        const logProblems = report.log?.problems.length ?? 0;
        const inLog = logProblems === 0 ? '' : ` and ${logProblems} problem${logProblems === 1 ? '' : 's'} in the Merkle log`;
        const damaged = report.broken.some((b) => b.problem === 'unreadable');
        throw new CommandFailedError(`verify found ${breaks} in ${report.checked} events of ${streams}${inLog}: the log was altered${damaged ? ' or damaged' : ''}`);
      });
    });
}

/** `; Merkle log of N events, root …, C checkpoints consistent with it (signatures checked)`, or nothing on a store without one. */
function logSummary(report: VerifyReport): string {
  const { log } = report;
  if (!log) return '';
  if (log.checkpoints === 0) return `; Merkle log of ${log.size} events, root ${log.root}, no checkpoint yet`;
  const signatures = log.signatures === 'checked' ? 'signatures checked' : 'signatures not checked: no key';
  return `; Merkle log of ${log.size} events, root ${log.root}, ${log.checkpoints} checkpoint${log.checkpoints === 1 ? '' : 's'} consistent with it (${signatures})`;
}

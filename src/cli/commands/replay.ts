import type { Command } from 'commander';
import { resolveCut } from '../../app/cut.js';
import { createParley } from '../../app/parley.js';
import { negotiationAtCut, STORE_OPTION_HELP } from '../arguments.js';
import type { CliContext } from '../context.js';
import { formatState } from '../formatState.js';
import { commandConfig, withStore } from '../withStore.js';

interface ReplayFlags {
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly json?: boolean;
  readonly store?: string;
}

/** `parley replay ID [--as-of T] [--known-at K] [--json]`: the negotiation's state at a cut. */
export function registerReplay(program: Command, context: CliContext): void {
  negotiationAtCut(program.command('replay').description("show a negotiation's state as the world stood at --as-of, as Parley knew it at --known-at"))
    .option('--json', 'print the state as JSON (the NegotiationState of the HTTP API)')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (id: string, flags: ReplayFlags) => {
      const config = commandConfig(context, flags);
      await withStore(config, { mustExist: true }, async (store) => {
        const parley = createParley({ store, now: context.now });
        const resolved = resolveCut(flags.asOf, flags.knownAt, parley.now());
        const state = await parley.queries.state(id, resolved.cut);
        const answer = { ...state, asOf: resolved.asOf, knownAt: resolved.knownAt };
        context.stdout.write(flags.json ? `${JSON.stringify(answer, null, 2)}\n` : formatState(answer));
      });
    });
}

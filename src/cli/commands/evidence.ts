import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { resolveCut } from '../../app/cut.js';
import { evidencePack } from '../../app/evidencePack.js';
import { createParley } from '../../app/parley.js';
import { negotiationAtCut, STORE_OPTION_HELP } from '../arguments.js';
import { checkpointSigning, refuseStoreBehindKept } from '../checkpointSigning.js';
import type { CliContext } from '../context.js';
import { commandConfig, withStore } from '../withStore.js';

interface EvidenceFlags {
  readonly asOf?: string;
  readonly knownAt?: string;
  readonly out?: string;
  readonly store?: string;
}

/**
 * `parley evidence ID [--as-of T] [--known-at K] [--out FILE]`: the evidence pack of CONTRACT §8,
 * as GET /negotiations/{id}/evidence answers it. A checkpoint it must sign is signed with
 * serve's key and kept beside it, as serve keeps its own.
 */
export function registerEvidence(program: Command, context: CliContext): void {
  negotiationAtCut(
    program
      .command('evidence')
      .description("write a negotiation's evidence pack at a cut: its state, every event with its proofs, and a signed checkpoint (check it with verify-evidence)"),
  )
    .option('--out <file>', 'write the pack to FILE instead of stdout')
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (id: string, flags: EvidenceFlags) => {
      const config = commandConfig(context, flags);
      await withStore(config, { mustExist: true }, async (store) => {
        const signing = store.proofs ? checkpointSigning(config, process.cwd()) : undefined;
        const parley = createParley({ store, now: context.now, signer: signing?.signer, onCheckpoint: signing?.onCheckpoint });
        if (signing && parley.proofs) await refuseStoreBehindKept(signing, parley.proofs);
        const pack = await evidencePack(parley, id, resolveCut(flags.asOf, flags.knownAt, parley.now()));
        const text = `${JSON.stringify(pack, null, 2)}\n`;
        if (flags.out === undefined) {
          context.stdout.write(text);
          return;
        }
        writeFileSync(flags.out, text, { mode: 0o644 });
        context.stdout.write(`wrote the evidence pack of ${id} (${pack.events.length} events, checkpoint of ${pack.checkpoint.size} signed ${pack.checkpoint.time}) to ${flags.out}\n`);
      });
    });
}

import { join } from 'node:path';
import type { Command } from 'commander';
import { DEMO_RECORDER, loadDemo, SEED_SCENARIO } from '../../app/loadDemo.js';
import { createParley } from '../../app/parley.js';
import { redact } from '../../store/openStore.js';
import { STORE_OPTION_HELP } from '../arguments.js';
import type { CliContext } from '../context.js';
import { packageRoot } from '../packageRoot.js';
import { commandConfig, withStore } from '../withStore.js';

/** `parley demo`: loads the seed scenario (recorded now, by "demo"); running it again adds nothing. */
export function registerDemo(program: Command, context: CliContext): void {
  program
    .command('demo')
    .description(`load the seed scenario (${SEED_SCENARIO}): the EU's talks with OpenAI and Anthropic on model access`)
    .option('--store <url>', STORE_OPTION_HELP)
    .action(async (flags: { store?: string }) => {
      const config = commandConfig(context, flags);
      const file = join(packageRoot(import.meta.url), SEED_SCENARIO);
      await withStore(config, {}, async (store) => {
        const result = await loadDemo(createParley({ store, now: context.now }), file);
        context.stdout.write(
          `demo: imported ${result.imported}, skipped ${result.skipped} (already present), recorded by "${DEMO_RECORDER}" in ${redact(config.storeUrl)}\n`,
        );
      });
    });
}

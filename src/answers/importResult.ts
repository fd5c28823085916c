import { z } from 'zod';
import type { Answer } from './answer.js';

/** POST /admin/import: what an import recorded and passed over. */
export const ImportResult = z.object({
  imported: z.int(),
  skipped: z.int().meta({ description: 'lines whose event was already stored (or repeated in the file): an import is idempotent on event id' }),
  negotiations: z.array(z.string()).meta({ description: 'negotiations that received events' }),
  withoutId: z.int().meta({ description: 'event inputs without an id: importing the file again records them again' }),
  checkpoints: z.int().meta({ description: 'signed checkpoints restored from checkpoint lines (those the store already keeps are skipped)' }),
  checkpointsPassedOver: z.int().meta({ description: 'checkpoint lines of another log than this store\'s (a file merged into a store holding other events, or a store that keeps no Merkle log): not stored' }),
});
export type ImportResult = Answer<typeof ImportResult>;

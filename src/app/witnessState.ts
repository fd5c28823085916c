import { z } from 'zod';
import { MalformedWitnessStateError } from '../errors.js';

/**
 * What a witness keeps of a log between runs (`parley witness --state FILE`): the verifier
 * key it trusted on its first run, and the newest checkpoint it saw, as it cosigned it.
 */
export const WitnessState = z
  .object({
    format: z.literal('parley-witness/1'),
    /** Where it was fetched from, for a person reading the file; the key is what binds the log. */
    url: z.string(),
    vkey: z.string().min(1),
    /** The checkpoint's signed note, the log's signature and this witness's cosignature included. */
    note: z.string().min(1),
    /** When this witness saw it (its own clock). */
    witnessedAt: z.iso.datetime(),
  })
  .strict();
export type WitnessState = z.infer<typeof WitnessState>;

export const WITNESS_STATE_FORMAT = 'parley-witness/1';

/** A state file's text, strictly; `where` names it in the error. */
export function parseWitnessState(text: string, where: string): WitnessState {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new MalformedWitnessStateError(`${where} is not JSON: it is not a witness state file (move it away to start afresh)`);
  }
  const parsed = WitnessState.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MalformedWitnessStateError(`${where} is not a witness state file: ${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

export function witnessStateText(state: WitnessState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

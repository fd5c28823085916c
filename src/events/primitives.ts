import { z } from 'zod';

/** Short human text: names, titles, ids chosen by people. */
export const Name = z.string().trim().min(1).max(200);
/** Longer prose: summaries, reasons, terms. */
export const Prose = z.string().min(1).max(10_000);
/** Ids chosen by clients for offers, grants, requests, meetings and statements. */
export const LocalId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":" or "-", starting with a letter or digit');

export const NegotiationId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and "-", starting with a letter or digit')
  .meta({ id: 'NegotiationId' });

export const EventId = z.uuid().meta({ id: 'EventId' });

export const PartyRole = z.enum(['regulator', 'provider', 'observer', 'mediator', 'other']);
export const NegotiationStatus = z.enum(['open', 'progressing', 'stalled', 'agreed', 'failed', 'closed']);
export type NegotiationStatus = z.infer<typeof NegotiationStatus>;

export const Party = z.strictObject({ org: Name, role: PartyRole });
export type Party = z.infer<typeof Party>;

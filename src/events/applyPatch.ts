import { isDataField, type EventType } from './catalogue.js';

/**
 * How a correction's `data` applies to its target (CONTRACT §3: merged over the target's
 * data): a shallow merge where a key set to null removes that optional field. Only fields
 * of the target's type are applied. An append refuses a patch with any other key (see
 * decide), so only an event recorded before that rule can hold one; replay leaves it out
 * as it always did, and never writes a name like "__proto__" onto an object.
 */
export function applyPatch(target: { readonly type: EventType; readonly data: object }, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...target.data };
  for (const [key, value] of Object.entries(patch)) {
    if (!isDataField(target.type, key)) continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/**
 * How a correction's `data` applies to its target (CONTRACT §3: merged over the target's
 * data): a shallow merge where a key set to null removes that optional field.
 */
export function applyPatch(data: object, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

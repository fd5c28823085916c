/**
 * Whether two JSON values are the same value, as comparing their canonical JSON would say
 * (object members in any order, a member holding undefined absent), without writing either
 * out: the domain rules compare event data, and writing JSON is the audit layer's work.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item ?? null, b[index] ?? null));
  }
  const first = a as Record<string, unknown>;
  const second = b as Record<string, unknown>;
  const keys = definedKeys(first);
  return keys.length === definedKeys(second).length && keys.every((key) => Object.hasOwn(second, key) && sameJson(first[key], second[key]));
}

function definedKeys(object: Record<string, unknown>): string[] {
  return Object.keys(object).filter((key) => object[key] !== undefined);
}

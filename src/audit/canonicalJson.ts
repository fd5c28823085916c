/**
 * RFC 8785 canonical JSON of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them (which
 * is what RFC 8785 prescribes). The same text as the `canonicalize` package, made by one
 * native JSON.stringify of a key-sorted copy — the hash chain canonicalizes every event it
 * appends or verifies, and this is the faster way.
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(sortedCopy(value, 0)) as string | undefined;
  if (text === undefined) throw new TypeError('value cannot be canonicalized');
  return text;
}

/** Deeper than any event can be (bodies are capped); deeper still is a cycle. */
const MAX_DEPTH = 1_000;

function sortedCopy(value: unknown, depth: number): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} is not allowed in canonical JSON`);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new RangeError('value is nested too deeply (or circular)');
  const object = value as { toJSON?: () => unknown } & Record<string, unknown>;
  if (typeof object.toJSON === 'function') return sortedCopy(object.toJSON(), depth + 1);
  if (Array.isArray(object)) return object.map((item) => sortedCopy(item, depth + 1));
  // No prototype: a "__proto__" key stays an ordinary key, as JSON.parse made it.
  const copy = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(object).sort()) copy[key] = sortedCopy(object[key], depth + 1);
  return copy;
}

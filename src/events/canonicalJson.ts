/**
 * RFC 8785 canonical JSON of a JSON value: object keys sorted by UTF-16 code units, no
 * whitespace, strings and numbers written as ECMAScript's JSON.stringify writes them (which
 * is what RFC 8785 prescribes). Made by one native JSON.stringify of a key-sorted copy: the
 * hash chain canonicalizes every event it appends or verifies, and on event data this is
 * 1.5 to 2 times as fast as writing the text member by member. An object with integer-like keys (which
 * JavaScript always enumerates first, in numeric order, whatever order they were set in)
 * cannot be copied in sorted order, so a value holding one is written member by member.
 */
export function canonicalJson(value: unknown): string {
  const copy = sortedCopy(value, 0, { from: undefined, to: undefined });
  const text = copy === INTEGER_KEYS ? written(value, 0) : (JSON.stringify(copy) as string | undefined);
  if (text === undefined) throw new TypeError('value cannot be canonicalized');
  return text;
}

/** Deeper than any event can be (bodies are capped); deeper still is a cycle. */
const MAX_DEPTH = 1_000;
const INTEGER_KEY = /^(?:0|[1-9]\d*)$/;
const INTEGER_KEYS = Symbol('an object with integer-like keys');

/**
 * The last object copied and its copy: a stored event holds its first source twice (as
 * `source` and as `sources[0]`, one object), and the second time it is not copied again.
 */
interface LastCopy {
  from: object | undefined;
  to: unknown;
}

function sortedCopy(value: unknown, depth: number, last: LastCopy): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} is not allowed in canonical JSON`);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) throw new RangeError('value is nested too deeply (or circular)');
  if (value === last.from) return last.to;
  const object = value as { toJSON?: () => unknown } & Record<string, unknown>;
  if (typeof object.toJSON === 'function') return sortedCopy(object.toJSON(), depth + 1, last);
  if (Array.isArray(object)) {
    const items = object.map((item) => sortedCopy(item, depth + 1, last));
    return items.includes(INTEGER_KEYS) ? INTEGER_KEYS : items;
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(object).sort()) {
    if (INTEGER_KEY.test(key)) return INTEGER_KEYS;
    const member = sortedCopy(object[key], depth + 1, last);
    if (member === INTEGER_KEYS) return INTEGER_KEYS;
    // A "__proto__" key (JSON.parse makes it an own property) must stay a property, not become the prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
    else copy[key] = member;
  }
  last.from = object;
  last.to = copy;
  return copy;
}

/** The canonical text written member by member, as JSON.stringify would write the sorted copy (undefined for what it leaves out). */
function written(value: unknown, depth: number): string | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError(`${value} is not allowed in canonical JSON`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (depth > MAX_DEPTH) throw new RangeError('value is nested too deeply (or circular)');
  const object = value as { toJSON?: () => unknown } & Record<string, unknown>;
  if (typeof object.toJSON === 'function') return written(object.toJSON(), depth + 1);
  if (Array.isArray(object)) return `[${object.map((item) => written(item, depth + 1) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const member = written(object[key], depth + 1);
    if (member !== undefined) members.push(`${JSON.stringify(key)}:${member}`);
  }
  return `{${members.join(',')}}`;
}

import type { Prng } from './prng.js';

const KEYS = ['a', 'b', 'z', '', 'é', '€', '😀', '10', '9', '0', '__proto__', 'constructor', 'Offer Id', 'a\u0000b'];
const STRINGS = ['', 'x', 'quote " backslash \\', 'line\nbreak', 'lone \ud800 surrogate', 'Zoë Ångström', '😀', '\u0001', '2026-05-01'];
const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 123456789.125, -5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 2];

/** A random JSON value (as JSON.parse would make it) with the keys, strings and numbers canonical JSON finds hard. */
export function randomJson(prng: Prng, depth = 0): unknown {
  const roll = prng.next();
  if (depth > 3 || roll < 0.4) {
    const scalar = prng.int(0, 3);
    if (scalar === 0) return prng.pick(STRINGS);
    if (scalar === 1) return prng.chance(0.5) ? prng.pick(NUMBERS) : prng.int(-1_000, 1_000);
    if (scalar === 2) return prng.chance(0.5);
    return null;
  }
  if (roll < 0.6) return Array.from({ length: prng.int(0, 4) }, () => randomJson(prng, depth + 1));
  const object: Record<string, unknown> = {};
  for (let i = prng.int(0, 5); i > 0; i--) {
    // An own "__proto__" property, as JSON.parse makes it, not the prototype.
    Object.defineProperty(object, prng.pick(KEYS), { value: randomJson(prng, depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return object;
}

/** The same JSON value with every object's members set in another order. */
export function reordered(prng: Prng, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => reordered(prng, item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  for (let i = entries.length - 1; i > 0; i--) {
    const j = prng.int(0, i);
    [entries[i], entries[j]] = [entries[j]!, entries[i]!];
  }
  const copy: Record<string, unknown> = {};
  for (const [key, member] of entries) Object.defineProperty(copy, key, { value: reordered(prng, member), enumerable: true, writable: true, configurable: true });
  return copy;
}

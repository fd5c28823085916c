import { z } from 'zod';

/** Names that are no field of any event, and that JavaScript objects treat specially. */
const RESERVED_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Far deeper than any field of the catalogue (three levels at most); deeper is junk, or an attack on recursive code. */
export const MAX_PATCH_DEPTH = 32;

interface ShapeProblem {
  readonly path: PropertyKey[];
  readonly message: string;
}

/**
 * The first reason a raw correction patch cannot be stored and hashed as written: a reserved
 * key at any depth, a number JSON cannot write (1e400 parses to Infinity), or nesting deeper
 * than MAX_PATCH_DEPTH. An explicit stack rather than recursion: a megabyte of brackets must
 * not overflow the call stack.
 */
function shapeProblem(root: object): ShapeProblem | undefined {
  const stack: { value: object; path: PropertyKey[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (path.length >= MAX_PATCH_DEPTH) return { path, message: `nested more than ${MAX_PATCH_DEPTH} levels deep` };
    // Object.keys, not a for…in or a copy: JSON.parse makes "__proto__" an own key, and only own keys count.
    const keys: PropertyKey[] = Array.isArray(value) ? [...value.keys()] : Object.keys(value);
    for (const key of keys) {
      if (typeof key === 'string' && RESERVED_KEYS.has(key)) return { path: [...path, key], message: `"${key}" is not allowed as a key` };
      const member: unknown = (value as Record<PropertyKey, unknown>)[key];
      if (typeof member === 'number' && !Number.isFinite(member)) return { path: [...path, key], message: 'a number too large for JSON' };
      if (typeof member === 'object' && member !== null) stack.push({ value: member, path: [...path, key] });
    }
  }
  return undefined;
}

/**
 * A correction's `data` (CONTRACT §3): field names to new values, null removing an optional
 * field. Which fields exist depends on the target, so the target's schema checks them on
 * append (422); here, only what no event could hold is refused (400). The check reads the
 * parsed JSON before the record does: a record drops a "__proto__" key without a word.
 */
export const CorrectionPatch = z.preprocess(
  (value, context) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value; // the record says what is wrong with it
    const problem = shapeProblem(value);
    if (problem) context.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: value });
    return value;
  },
  z.record(z.string().max(100), z.unknown()),
);

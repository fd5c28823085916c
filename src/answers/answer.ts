import { z } from 'zod';

/**
 * The type an answer schema describes, read-only all the way down: a presenter hands out the
 * projection's arrays as they are, and the dashboard only reads what it is sent. A presenter
 * declares it as its return type, so one that drifts from its schema does not compile.
 */
export type Answer<S extends z.ZodType> = ReadOnlyDeep<z.output<S>>;

type ReadOnlyDeep<T> = T extends readonly (infer U)[]
  ? readonly ReadOnlyDeep<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadOnlyDeep<T[K]> }
    : T;

/** When the server recorded something: an instant with its offset. */
export const Instant = z.iso.datetime({ offset: true });

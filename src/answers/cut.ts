import { z } from 'zod';
import type { Answer } from './answer.js';

/** The cut a query answer is for, as the request gave it (CONTRACT §4). */
export const cutFields = {
  asOf: z.string().meta({ description: 'the asOf this answer is for' }),
  knownAt: z.string().meta({ description: 'the knownAt this answer is for' }),
};

/** A query's result: its answer without the cut, which the route adds. */
export type WithoutCut<T> = Omit<T, keyof typeof cutFields>;

/** A query answer: the items and the cut they are for. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ ...cutFields, items: z.array(item) });
export type ListOf<T> = Answer<ReturnType<typeof listOf<z.ZodType<T>>>>;

/** CONTRACT §4.1 a page: the items, the cut they are for, and the cursor of the next page (null at the end). */
export const pageOf = <T extends z.ZodType>(item: T) =>
  listOf(item).extend({ next: z.string().nullable().meta({ description: 'pass as `cursor` for the following page; null when this is the last' }) });

import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdTable } from '../../src/app/importIdTable.js';

describe('an id table filled past several growths', () => {
  it('finds every id it was given, random or sequential UUIDs and other ids alike, and no other', () => {
    const table = new IdTable();
    const sequential = Array.from({ length: 5_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const ids = [...Array.from({ length: 20_000 }, () => randomUUID()), ...sequential, 'not-a-uuid', randomUUID().toUpperCase()];
    ids.forEach((id, entry) => table.set(id, entry));
    ids.forEach((id, entry) => expect(table.get(id)).toBe(entry));
    expect(table.get(randomUUID())).toBeUndefined();
    expect(table.get(ids[0]!.toUpperCase())).toBeUndefined();
    expect(table.get('00000000-0000-4000-8000-999999999999')).toBeUndefined();
  });

  it('gives an id set again its latest entry', () => {
    const table = new IdTable();
    const id = randomUUID();
    table.set(id, 0);
    table.set(randomUUID(), 1);
    table.set(id, 2);
    expect(table.get(id)).toBe(2);
  });
});

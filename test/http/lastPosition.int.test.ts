import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createParley } from '../../src/app/parley.js';
import { lastPosition } from '../../src/http/live/lastPosition.js';
import { meeting, opened } from '../support/inputs.js';
import { tempSqliteStore } from '../support/tempStore.js';

describe('finding the end of the global log', () => {
  let temp: ReturnType<typeof tempSqliteStore>;
  beforeEach(() => {
    temp = tempSqliteStore();
  });
  afterEach(() => temp.dispose());

  it('is 0 for an empty store', async () => {
    expect(await lastPosition(temp.store)).toBe(0);
  });

  it('is the last position after any number of appends', async () => {
    const parley = createParley({ store: temp.store });
    await parley.append({ negotiationId: 'end-of-log', inputs: [opened()], recordedBy: 'test' });
    expect(await lastPosition(temp.store)).toBe(1);
    for (const size of [1, 2, 5, 60, 300]) {
      await parley.append({ negotiationId: 'end-of-log', inputs: Array.from({ length: size }, () => meeting()), recordedBy: 'test' });
      const all = await temp.store.readAll(0, 10_000);
      expect(await lastPosition(temp.store)).toBe(all.at(-1)!.position);
    }
  });

  it('is found across gaps in the positions, as some stores leave them', async () => {
    const parley = createParley({ store: temp.store });
    await parley.append({ negotiationId: 'gaps', inputs: [opened(), ...Array.from({ length: 199 }, () => meeting())], recordedBy: 'test' });
    const db = new Database(temp.path);
    db.prepare('DELETE FROM events WHERE position BETWEEN 2 AND 150 OR position BETWEEN 160 AND 199').run();
    db.close();
    expect(await lastPosition(temp.store)).toBe(200);
  });
});

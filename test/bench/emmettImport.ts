import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** Emmett is installed by hand for this comparison (`npm i --no-save @event-driven-io/emmett-sqlite`): its sqlite3 driver builds from source, minutes that CI should not spend. */
const EMMETT_SQLITE = '@event-driven-io/emmett-sqlite';
interface EmmettStore {
  appendToStream(name: string, events: unknown[], options: { expectedStreamVersion: bigint }): Promise<{ nextExpectedStreamVersion: bigint }>;
}

/**
 * `node emmettImport.js FILE DB`: the import bench's JSON Lines appended to Emmett's SQLite
 * event store, for comparison with `parley import`: each run of one stream's consecutive
 * lines, up to 100, is one appendToStream at the stream's expected version. Nothing is
 * validated; each event's type is the line's, its data the rest of the line.
 */
const BATCH = 100;

async function main(file: string, db: string): Promise<void> {
  const { getSQLiteEventStore } = (await import(EMMETT_SQLITE)) as { getSQLiteEventStore: (options: object) => EmmettStore };
  const store = getSQLiteEventStore({ fileName: db, schema: { autoMigration: 'CreateOrUpdate' } });
  const versions = new Map<string, bigint>();
  let streamName = '';
  let batch: { type: string; data: Record<string, unknown> }[] = [];
  let appended = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const expectedStreamVersion = versions.get(streamName) ?? 0n;
    const result = await store.appendToStream(streamName, batch, { expectedStreamVersion });
    versions.set(streamName, result.nextExpectedStreamVersion);
    appended += batch.length;
    batch = [];
  };
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (text.trim() === '') continue;
    const { negotiationId, type, ...data } = JSON.parse(text) as { negotiationId: string; type: string } & Record<string, unknown>;
    if (negotiationId !== streamName || batch.length >= BATCH) {
      await flush();
      streamName = negotiationId;
    }
    batch.push({ type, data });
  }
  await flush();
  process.stdout.write(JSON.stringify({ appended }));
}

await main(process.argv[2]!, process.argv[3]!);

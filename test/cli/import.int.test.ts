import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputStream, jsonl, recordedStream } from './fixtures/eventLog.js';
import { linesOf, requireBuiltCli, runCli, storedRows, storeFingerprint, tempDir } from './cliHarness.js';

const temp = tempDir('import');
const storePath = join(temp.dir, 'parley.db');
const store = `sqlite:${storePath}`;
const write = (name: string, text: string | Buffer) => {
  const path = join(temp.dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(requireBuiltCli);
afterAll(temp.remove);

describe('importing a file of recorded events and event inputs into an empty store', () => {
  const recorded = recordedStream('import-recorded', 6);
  const inputs = inputStream('import-inputs', 4);
  const file = write('good.jsonl', jsonl([...recorded, ...inputs]));

  it('stores every event, keeps the recorded ones exactly as written, and the chains verify', async () => {
    const run = await runCli(['import', file, '--store', store, '--recorded-by', 'analyst']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^imported 10, skipped 0 \(already present\)/);
    const rows = storedRows(storePath);
    expect(rows).toHaveLength(10);
    expect(rows.slice(0, 6).map((row) => JSON.parse(row.body))).toEqual(recorded);
    const added = rows.slice(6).map((row) => JSON.parse(row.body) as Record<string, unknown>);
    expect(added.map((event) => event.id)).toEqual(inputs.map((input) => input.id));
    for (const event of added) expect(event.recordedBy).toBe('analyst');
    const verify = await runCli(['verify', '--store', store]);
    expect(verify.code).toBe(0);
    expect(verify.stdout.trim()).toMatch(/^ok: 10 events in 2 negotiations; Merkle log of 10 events, root [0-9a-f]{64}, no checkpoint yet$/);
  });

  it('adds nothing when the same file is imported again', async () => {
    const before = storeFingerprint(storePath);
    const run = await runCli(['import', file, '--store', store]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('imported 0, skipped 10 (already present)');
    expect(storeFingerprint(storePath)).toEqual(before);
  });

  it('records event inputs as the operating-system user when --recorded-by is not given', async () => {
    const more = inputStream('import-os-user', 2);
    const run = await runCli(['import', write('os-user.jsonl', jsonl(more)), '--store', store]);
    expect(run.code).toBe(0);
    const rows = storedRows(storePath).filter((row) => row.negotiation_id === 'import-os-user');
    expect(rows.map((row) => (JSON.parse(row.body) as { recordedBy: string }).recordedBy)).toEqual([userInfo().username, userInfo().username]);
  });
});

describe('a file with one bad line among good ones', () => {
  /** Three good lines opening a new stream, the bad line (line 4), one more good line. */
  const withBadLine = (bad: (valid: Record<string, unknown>) => string | Buffer): Buffer => {
    const good = inputStream(`hostile-${randomUUID().slice(0, 8)}`, 4);
    const lines = good.map((line) => JSON.stringify(line));
    const valid = { ...good[1]!, id: randomUUID() };
    return Buffer.concat([Buffer.from(`${lines.slice(0, 3).join('\n')}\n`), Buffer.from(bad(valid)), Buffer.from(`\n${lines[3]}\n`)]);
  };
  type Valid = Record<string, unknown>;
  const cases: [string, (valid: Valid) => string | Buffer, RegExp][] = [
    ['malformed JSON', () => '{"negotiationId": "hostile-x", "type": "PartyJoined",,}', /line 4: not valid JSON/],
    ['a truncated line', (valid) => JSON.stringify(valid).slice(0, 60), /line 4: not valid JSON/],
    ['an oversized line (a 20 MB string)', (valid) => JSON.stringify({ ...valid, data: { text: 'x'.repeat(20 * 1024 * 1024) } }), /line 4: line is too long/],
    ['an unknown event type', (valid) => JSON.stringify({ ...valid, type: 'OfferExploded' }), /line 4: type: unknown event type "OfferExploded"/],
    ['an unknown key in data', (valid) => JSON.stringify({ ...valid, type: 'PartyJoined', data: { org: 'ENISA', role: 'observer', bribe: 1 } }), /line 4: data: Unrecognized key: "bribe"/],
    ['an unknown top-level key', (valid) => JSON.stringify({ ...valid, priority: 'high' }), /line 4: .*Unrecognized key: "priority"/],
    ['a "__proto__" key', (valid) => `{"__proto__":{"polluted":true},${JSON.stringify(valid).slice(1)}`, /line 4: "__proto__" is not allowed as a key/],
    ['an impossible date (2026-02-30)', (valid) => JSON.stringify({ ...valid, occurredAt: '2026-02-30' }), /line 4: occurredAt: must be a real date/],
    ['a missing required field', (valid) => JSON.stringify({ ...valid, type: 'OfferAccepted', data: { by: 'OpenAI' } }), /line 4: data\.offerId: Required/],
    ['a broken domain rule (answering an unknown offer)', (valid) => JSON.stringify({ ...valid, type: 'OfferAccepted', data: { offerId: 'nope', by: 'OpenAI' } }), /line 4: OfferAccepted: offer nope does not exist/],
    ['a JSON array instead of an object', () => '[1, 2, 3]', /line 4: expected a JSON object, found an array/],
    ['bytes that are not UTF-8', () => Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /line 4: line is not valid UTF-8/],
  ];

  for (const [name, bad, message] of cases) {
    it(`refuses ${name}: exit 1, the line named, nothing written`, async () => {
      const before = storeFingerprint(storePath);
      const run = await runCli(['import', write(`bad-${randomUUID()}.jsonl`, withBadLine(bad)), '--store', store]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/^parley: .*1 bad line, nothing was imported\n/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(storeFingerprint(storePath)).toEqual(before);
    });
  }

  it('lists at most 20 bad lines, then says how many more', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => `{"broken": ${i}`);
    const run = await runCli(['import', write('many-bad.jsonl', lines.join('\n')), '--store', store]);
    expect(run.code).toBe(1);
    const shown = linesOf(run.stderr).filter((line) => /^\s+line \d+:/.test(line));
    expect(shown).toHaveLength(20);
    expect(run.stderr).toMatch(/25 bad lines/);
    expect(run.stderr).toMatch(/and 5 more/);
  });
});

describe('a failed import into a store that does not exist yet', () => {
  const leftBehind = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);

  it('leaves no store behind when the file does not exist', async () => {
    const dir = join(temp.dir, 'never-missing');
    const run = await runCli(['import', join(temp.dir, 'missing.jsonl'), '--store', `sqlite:${join(dir, 'parley.db')}`]);
    expect(run.code).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });

  it('leaves no store, no -wal or -shm file and no folder behind when the file has bad lines', async () => {
    const dir = join(temp.dir, 'never-bad', 'nested');
    const bad = write('new-store-bad.jsonl', `${JSON.stringify(inputStream('never-stored', 1)[0])}\n{"broken": \n`);
    const run = await runCli(['import', bad, '--store', `sqlite:${join(dir, 'parley.db')}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 bad line, nothing was imported/);
    expect(leftBehind(join(temp.dir, 'never-bad'))).toEqual([]);
    expect(existsSync(join(temp.dir, 'never-bad'))).toBe(false);
  });

  it('keeps a store that existed, even an empty one', async () => {
    const path = join(temp.dir, 'empty-existing.db');
    await new SqliteEventStore(path).close();
    const run = await runCli(['import', write('existing-bad.jsonl', '{"broken": \n'), '--store', `sqlite:${path}`]);
    expect(run.code).toBe(1);
    expect(existsSync(path)).toBe(true);
    expect(storeFingerprint(path)).toEqual({ events: 0, heads: {} });
  });
});

describe('recorded events that do not continue their chain', () => {
  it('refuses a recorded event whose hash was tampered with, naming its line', async () => {
    const events = recordedStream(`tampered-${randomUUID().slice(0, 8)}`, 5);
    const forged = events.map((event, i) => (i === 2 ? { ...event, occurredAt: '2025-12-31' } : event));
    const before = storeFingerprint(storePath);
    const run = await runCli(['import', write('tampered.jsonl', jsonl(forged)), '--store', store]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: hash does not verify/);
    expect(linesOf(run.stderr).filter((line) => /^\s+line/.test(line))).toHaveLength(1);
    expect(storeFingerprint(storePath)).toEqual(before);
  });

  it('refuses a revision gap', async () => {
    const events = recordedStream(`gap-${randomUUID().slice(0, 8)}`, 5);
    const before = storeFingerprint(storePath);
    const run = await runCli(['import', write('gap.jsonl', jsonl(events.filter((_, i) => i !== 2))), '--store', store]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 3: revision 3 does not follow revision 1/);
    expect(storeFingerprint(storePath)).toEqual(before);
  });

  it('refuses an event id already stored with another hash', async () => {
    const [first] = storedRows(storePath).map((row) => JSON.parse(row.body) as Record<string, unknown>);
    const changed = { ...first, recordedBy: 'someone-else' };
    const before = storeFingerprint(storePath);
    const run = await runCli(['import', write('conflict.jsonl', jsonl([changed])), '--store', store]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/line 1: event [0-9a-f-]+ is already stored with other content/);
    expect(storeFingerprint(storePath)).toEqual(before);
  });
});

describe('an export imported into another store', () => {
  it('keeps ids, recordedAt, recordedBy and hashes: exporting again gives the same bytes', async () => {
    const first = join(temp.dir, 'first-export.jsonl');
    const second = join(temp.dir, 'second-export.jsonl');
    const otherStore = `sqlite:${join(temp.dir, 'other.db')}`;
    expect((await runCli(['export', '--store', store, '--out', first])).code).toBe(0);
    const imported = await runCli(['import', first, '--store', otherStore]);
    expect(imported.code).toBe(0);
    expect((await runCli(['export', '--store', otherStore, '--out', second])).code).toBe(0);
    const original = readFileSync(first, 'utf8');
    expect(linesOf(original).length).toBe(storedRows(storePath).length);
    expect(readFileSync(second, 'utf8')).toBe(original);
    const stdout = await runCli(['export', '--store', otherStore]);
    expect(stdout.stdout).toBe(original);
  });
});

import { performance } from 'node:perf_hooks';
import { Checkpoints } from '../../src/app/checkpoints.js';
import { MerkleLog } from '../../src/app/merkleLog.js';
import { createParley } from '../../src/app/parley.js';
import { generateNoteSigningKey } from '../../src/audit/noteKey.js';
import { SqliteEventStore } from '../../src/store/sqliteStore.js';
import { Prng } from '../support/prng.js';
import { atMost, grouped, info, perSecond, quantile, type Row } from './table.js';

const PROOFS = 1_000;
const SIGNINGS = 20;
/** Events appended, to as many streams, before each timed signing: the log has grown since the last. */
const GROWTH = 50;

/**
 * The Merkle log of CONTRACT §8 over the bench's store: building its nodes from the stored
 * events (once, as the first proof after an upgrade does), inclusion and consistency proofs at
 * random leaves and sizes, and signing a checkpoint of the whole log: once after a start, then
 * each time after 50 more events were appended, as a server signs every minute.
 */
export async function runProofBench(storePath: string, seed: number, log: (line: string) => void): Promise<Row[]> {
  const store = new SqliteEventStore(storePath);
  try {
    const proofs = store.proofs;
    const merkle = new MerkleLog(proofs);
    const size = await proofs.logSize();
    log(`proof bench: building the Merkle log of ${grouped(size)} events…`);
    const already = await proofs.treeSize();
    const built = performance.now();
    await merkle.grow();
    const buildMs = performance.now() - built;
    const builtRow =
      already >= size
        ? info(`Merkle log: nodes of ${grouped(size)} stored events`, 'already built', 'not measured: the store had them')
        : info(`Merkle log: nodes built from ${grouped(size - already)} stored events`, `${grouped(perSecond(size - already, buildMs))} events/s`, `${(buildMs / 1000).toFixed(1)} s, once per store`);
    const random = new Prng(seed, 12);
    const inclusion: number[] = [];
    const consistency: number[] = [];
    for (let i = 0; i < PROOFS; i++) {
      const at = 1 + Math.floor(random.next() * size);
      const seq = Math.floor(random.next() * at);
      let started = performance.now();
      await merkle.inclusion(seq, at);
      inclusion.push(performance.now() - started);
      const from = 1 + Math.floor(random.next() * at);
      started = performance.now();
      await merkle.consistency(from, at);
      consistency.push(performance.now() - started);
    }
    const checkpoints = new Checkpoints(proofs, merkle, { key: generateNoteSigningKey('parley/bench'), origin: 'parley/bench' }, Date.now);
    const first = performance.now();
    await checkpoints.sign();
    const firstMs = performance.now() - first;
    // As a server signs: the log grew by some events to some streams since its last checkpoint.
    const parley = createParley({ store });
    const negotiations = await store.listNegotiations();
    const signing: number[] = [];
    for (let i = 0; i < SIGNINGS; i++) {
      for (let e = 0; e < GROWTH; e++) {
        const negotiationId = negotiations[Math.floor(random.next() * negotiations.length)]!;
        await parley.append({ negotiationId, recordedBy: 'bench', inputs: [{ type: 'StatusChanged', occurredAt: '2026-11-30', data: { status: 'progressing' } }] });
      }
      const timed = performance.now();
      await checkpoints.sign();
      signing.push(performance.now() - timed);
    }
    const n = grouped(size);
    return [
      builtRow,
      info(`inclusion proof at ${n} events p50`, `${quantile(inclusion, 0.5).toFixed(2)} ms`, `${PROOFS} random leaves and sizes`),
      atMost(`inclusion proof at ${n} events p99`, quantile(inclusion, 0.99), 5, 'ms', 2),
      info(`consistency proof at ${n} events p99`, `${quantile(consistency, 0.99).toFixed(2)} ms`),
      info(`checkpoint signing at ${n} events, the first after a start`, `${firstMs.toFixed(1)} ms`, 'the streams tree built whole'),
      atMost(`checkpoint signing at ${n} events p99`, quantile(signing, 0.99), 50, 'ms', 1),
    ];
  } finally {
    await store.close();
  }
}

import { canonicalJson } from '../../src/events/canonicalJson.js';
import type { EventInput } from '../../src/events/eventInput.js';
import type { RecordedEvent } from '../../src/events/recordedEvent.js';
import { applyPatch } from '../../src/events/applyPatch.js';
import { idSequence } from './ids.js';
import { Prng } from './prng.js';
import { Recorder } from './recorder.js';

const DAY = 86_400_000;
const ORGS = ['European Commission', 'OpenAI', 'Anthropic', 'ENISA', 'AI Office', 'UK AI Security Institute'];
const STATUSES = ['open', 'progressing', 'stalled', 'agreed', 'failed', 'closed'] as const;
const OFFSETS: [string, number][] = [['Z', 0], ['+02:00', 120], ['-05:30', -330], ['+05:45', 345], ['-10:00', -600]];

/**
 * A TimePoint around `ms`, at a random precision; instants get a random offset. One in five
 * is an EDTF form (CONTRACT §2.1): a qualified date, an interval, or an open start or end.
 */
export function randomTimePoint(prng: Prng, ms: number): string {
  if (prng.chance(0.2)) return randomEdtf(prng, ms);
  return randomV1TimePoint(prng, ms);
}

function randomV1TimePoint(prng: Prng, ms: number): string {
  const roll = prng.next();
  if (roll < 0.5) {
    const [suffix, minutes] = prng.pick(OFFSETS);
    const local = new Date(ms + minutes * 60_000).toISOString();
    const withSeconds = prng.chance(0.7);
    return `${local.slice(0, withSeconds ? 19 : 16)}${withSeconds && prng.chance(0.3) ? local.slice(19, 23) : ''}${suffix}`;
  }
  const iso = new Date(ms).toISOString();
  if (roll < 0.75) return iso.slice(0, 10);
  if (roll < 0.9) return iso.slice(0, 7);
  return iso.slice(0, 4);
}

function randomEdtf(prng: Prng, ms: number): string {
  const roll = prng.next();
  const day = (at: number) => new Date(at).toISOString().slice(0, prng.chance(0.7) ? 10 : 7);
  if (roll < 0.3) return `${day(ms)}${prng.pick(['~', '?', '%'])}`;
  if (roll < 0.7) return `${day(ms - prng.int(0, 20) * DAY)}/${day(ms + prng.int(31, 60) * DAY)}`;
  if (roll < 0.85) return `../${day(ms)}`;
  return `${day(ms)}/..`;
}

export interface RandomStreamOptions {
  readonly negotiationId: string;
  readonly seed: number;
  readonly events: number;
  /** Where the recording clock starts (epoch ms). */
  readonly clockStart?: number;
  /** The number behind the first event id (default 1): streams that share a store need ids apart. */
  readonly idStart?: number;
}

/**
 * Generates a valid stream (every batch passes the domain rules) of about `events` events:
 * events recorded late, coarse precisions, corrections that move events or change their
 * data, retractions. Batches go through the real decide, so revisions and hashes are real.
 */
export class RandomStream {
  readonly prng: Prng;
  readonly recorder: Recorder;
  private clock: number;
  /** Events a correction may target, each as currently corrected (a correction must change something). */
  private readonly targets: { id: string; type: EventInput['type']; occurredAt: string; data: Record<string, unknown> }[] = [];
  private readonly offers: string[] = [];
  private readonly grants: string[] = [];
  private readonly requests: string[] = [];
  private counter = 0;

  constructor(private readonly options: RandomStreamOptions) {
    this.prng = new Prng(options.seed);
    this.recorder = new Recorder(idSequence(options.idStart ?? 1), 'generator');
    this.clock = options.clockStart ?? Date.parse('2026-01-01T00:00:00Z');
  }

  get events(): RecordedEvent[] {
    return this.recorder.log;
  }

  /** The recording clock (epoch ms): the recordedAt of the last batch. */
  get now(): number {
    return this.clock;
  }

  /** Records random batches until the stream holds at least `count` more events; returns the new ones. */
  grow(count = this.options.events): RecordedEvent[] {
    const added: RecordedEvent[] = [];
    while (added.length < count) added.push(...this.batch(this.prng.int(1, 5)));
    return added;
  }

  /** Records one batch of `size` random events (of `kind`: mixed, late only, or after everything in valid time). */
  batch(size: number, kind: 'mixed' | 'late' | 'after' = 'mixed', after = 0): RecordedEvent[] {
    this.clock += this.prng.int(60_000, DAY);
    const inputs: EventInput[] = [];
    if (this.events.length === 0) inputs.push({ type: 'NegotiationOpened', occurredAt: '2025-06', data: { title: 'Random negotiation', parties: [{ org: 'European Commission', role: 'regulator' }] } });
    while (inputs.length < size) inputs.push(this.randomInput(kind, after));
    const recorded = this.recorder.record(this.options.negotiationId, inputs, new Date(this.clock).toISOString());
    for (const event of recorded) {
      if (event.type !== 'EventCorrected' && event.type !== 'EventRetracted') this.targets.push({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
    }
    return recorded;
  }

  /** A correction of a random live event, valid for its type, that changes it. */
  correctionInput(): EventInput {
    const target = this.prng.pick(this.targets);
    const data = this.patchFor(target.type);
    const moves = data === undefined || this.prng.chance(0.4);
    let occurredAt = moves ? randomTimePoint(this.prng, this.clock - this.prng.int(0, 400) * DAY) : target.occurredAt;
    const corrected = data ? applyPatch(target, data) : target.data;
    while (occurredAt === target.occurredAt && canonicalJson(corrected) === canonicalJson(target.data)) {
      occurredAt = randomTimePoint(this.prng, this.clock - this.prng.int(0, 400) * DAY);
    }
    const moved = occurredAt !== target.occurredAt;
    target.occurredAt = occurredAt;
    target.data = corrected;
    return {
      type: 'EventCorrected',
      occurredAt: new Date(this.clock).toISOString(),
      data: {
        targetEventId: target.id,
        reason: 'corrected',
        ...(moved && { occurredAt }),
        ...(data && { data }),
      },
    };
  }

  private randomInput(kind: 'mixed' | 'late' | 'after', after: number): EventInput {
    const n = ++this.counter;
    const roll = this.prng.next();
    if (kind === 'mixed' && this.targets.length > 3 && roll < 0.06) return this.correctionInput();
    if (kind === 'mixed' && this.targets.length > 3 && roll < 0.1) return this.retraction();
    const base =
      kind === 'after'
        ? after + this.prng.int(0, 30) * DAY
        : kind === 'late' || this.prng.chance(0.15)
          ? this.clock - this.prng.int(10, 300) * DAY
          : this.clock - this.prng.int(0, 3 * DAY);
    const occurredAt = kind === 'after' ? new Date(base).toISOString().slice(0, 10) : randomTimePoint(this.prng, base);
    const pick = this.prng.int(0, 11);
    switch (pick) {
      case 0:
        return { type: 'MeetingHeld', occurredAt, data: this.prng.chance(0.5) ? {} : { count: this.count() } };
      case 1:
        return { type: 'StatementMade', occurredAt, source: { publisher: 'Generator' }, data: { speaker: { name: this.prng.pick(['Thomas Regnier', 'Ana Ruiz', 'Zoë Ångström']), org: this.prng.pick(ORGS) }, text: `statement ${n}`, kind: 'quote' } };
      case 2:
        return { type: 'StatusChanged', occurredAt, data: { status: this.prng.pick(STATUSES) } };
      case 3:
        return this.offer(occurredAt, n);
      case 4:
        if (this.offers.length === 0) return this.offer(occurredAt, n);
        return this.prng.pick<EventInput>([
          { type: 'OfferAccepted', occurredAt, data: { offerId: this.prng.pick(this.offers), by: 'European Commission' } },
          { type: 'OfferRejected', occurredAt, data: { offerId: this.prng.pick(this.offers), by: 'European Commission', reason: 'no' } },
          { type: 'OfferWithdrawn', occurredAt, data: { offerId: this.prng.pick(this.offers) } },
        ]);
      case 5: {
        const requestId = `r-${n}`;
        this.requests.push(requestId);
        return { type: 'AccessRequested', occurredAt, data: { requestId, requester: this.prng.pick(ORGS), model: 'M' } };
      }
      case 6: {
        const grantId = `g-${n}`;
        this.grants.push(grantId);
        const requestId = this.requests.length > 0 && this.prng.chance(0.5) ? this.prng.pick(this.requests) : undefined;
        const validUntil = this.prng.chance(0.5) ? randomTimePoint(this.prng, base + this.prng.int(0, 120) * DAY) : undefined;
        return { type: 'AccessGranted', occurredAt, data: { grantId, grantee: this.prng.pick(ORGS), grantor: 'OpenAI', model: this.prng.pick(['M', 'N']), ...(requestId && { requestId }), ...(validUntil && { validUntil }) } };
      }
      case 7:
        if (this.grants.length === 0) return { type: 'MeetingHeld', occurredAt, data: {} };
        return { type: 'AccessRevoked', occurredAt, data: { grantId: this.prng.pick(this.grants) } };
      case 8:
        return { type: 'PartyJoined', occurredAt, data: { org: this.prng.pick(ORGS), role: this.prng.pick(['observer', 'provider', 'mediator'] as const) } };
      case 9:
        return { type: 'PartyLeft', occurredAt, data: { org: this.prng.pick(ORGS) } };
      default:
        return { type: 'MeetingHeld', occurredAt, data: { count: this.count() } };
    }
  }

  private offer(occurredAt: string, n: number): EventInput {
    const offerId = `o-${n}`;
    const counters = this.offers.length > 0 && this.prng.chance(0.3) ? this.prng.pick(this.offers) : undefined;
    this.offers.push(offerId);
    return { type: 'OfferMade', occurredAt, data: { offerId, from: 'OpenAI', to: 'European Commission', terms: { model: 'M' }, ...(counters && { counters }) } };
  }

  private retraction(): EventInput {
    const index = this.prng.int(0, this.targets.length - 1);
    const [target] = this.targets.splice(index, 1);
    return { type: 'EventRetracted', occurredAt: new Date(this.clock).toISOString(), data: { targetEventId: target!.id, reason: 'retracted' } };
  }

  /** A meeting count: a range, or (v2) "at least min". */
  private count(): { min: number; max?: number } {
    const min = this.prng.int(1, 4);
    return this.prng.chance(0.2) ? { min } : { min, max: min + this.prng.int(0, 2) };
  }

  private patchFor(type: EventInput['type']): Record<string, unknown> | undefined {
    switch (type) {
      case 'MeetingHeld':
        return this.prng.chance(0.5) ? { count: this.count() } : { format: 'virtual', count: null };
      case 'StatementMade':
        return { text: `corrected ${this.counter}` };
      case 'StatusChanged':
        return { status: this.prng.pick(STATUSES) };
      case 'AccessGranted':
        return this.prng.chance(0.5) ? { validUntil: randomTimePoint(this.prng, this.clock) } : { validUntil: null };
      case 'PartyJoined':
        return { role: 'other' };
      default:
        return undefined;
    }
  }
}

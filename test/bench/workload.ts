import type { EventInput } from '../../src/events/eventInput.js';
import type { Source } from '../../src/events/source.js';
import { intervalOf } from '../../src/time/timePoint.js';
import { Prng } from '../support/prng.js';
import {
  dayText, instantText, LOCATIONS, MODELS, OBSERVERS, PEOPLE, prose, PROVIDERS, PUBLISHERS, REGULATORS, ROLES, slug, STATUSES,
  timePointOf, TOPICS,
} from './workloadText.js';

/**
 * The seeded synthetic workload of `npm run bench`: negotiations whose events are valid by
 * the domain rules, with realistic payloads, ~10 % recorded late, ~3 % corrections and
 * retractions. Events are made lazily, one run at a time, so a million of them never sit in
 * memory together.
 */
export interface WorkloadOptions {
  readonly seed: number;
  readonly events: number;
  readonly negotiations: number;
  /** The size of the one long negotiation (the first). */
  readonly bigStreamEvents: number;
  /** Events are recorded in runs of this many events of one negotiation (the batch size). */
  readonly runLength: number;
}

export const DEFAULT_WORKLOAD: WorkloadOptions = { seed: 20_260_512, events: 100_000, negotiations: 1_000, bigStreamEvents: 10_000, runLength: 100 };

export interface WorkloadEvent {
  readonly negotiationId: string;
  readonly input: EventInput;
  /** The transaction time the bench's clock gives this event, epoch ms. */
  readonly recordedAtMs: number;
  /** Recorded late: its occurredAt lies well before the stream's earlier events. */
  readonly late: boolean;
}

const DAY = 86_400_000;
/** Valid times fall in 2020–2024; the log is recorded over the second half of 2025. */
const VALID_START = Date.UTC(2020, 0, 6);
const RECORD_START = Date.UTC(2025, 6, 1);
const RECORD_END = Date.UTC(2026, 0, 1);
/** Kept per stream for corrections to target: the latest events that may still be corrected. */
const TARGETS_KEPT = 64;
const OPEN_IDS_KEPT = 20;
const CORRECTED = 0.02;
const RETRACTED = 0.01;
/** Slightly above 10 %: the first days of a stream cannot have late events. */
const LATE = 0.107;

interface Stream {
  readonly id: string;
  readonly size: number;
  readonly random: Prng;
  emitted: number;
  readonly openedMs: number;
  cursorMs: number;
  /** The latest occurredAt start among the stream's events so far: late events land well before it. */
  latestStartMs: number;
  readonly stepMs: number;
  readonly parties: { org: string; role: 'regulator' | 'provider' | 'observer' | 'mediator' | 'other' }[];
  readonly openOffers: string[];
  readonly pendingRequests: string[];
  readonly activeGrants: string[];
  /** Events corrections may target, each with its occurredAt as currently corrected. */
  readonly targets: { id: string; type: EventInput['type']; occurredAt: string }[];
  sequence: number;
}

export class Workload {
  readonly options: WorkloadOptions;
  /** Events per negotiation, the long one first. */
  readonly sizes: readonly number[];

  constructor(options: Partial<WorkloadOptions> = {}) {
    this.options = { ...DEFAULT_WORKLOAD, ...options };
    const { events, negotiations, bigStreamEvents } = this.options;
    const rest = events - bigStreamEvents;
    if (negotiations < 2 || rest < negotiations - 1) throw new RangeError(`${events} events cannot fill ${negotiations} negotiations with one of ${bigStreamEvents}`);
    const others = negotiations - 1;
    this.sizes = [bigStreamEvents, ...Array.from({ length: others }, (_, i) => Math.floor(rest / others) + (i < rest % others ? 1 : 0))];
  }

  get bigNegotiationId(): string {
    return negotiationIdOf(0);
  }

  /** Runs of up to `runLength` events of one negotiation, in recording order. */
  *runs(): Generator<WorkloadEvent[]> {
    const { seed, events, runLength } = this.options;
    const schedule = this.schedule(new Prng(seed));
    const streams = this.sizes.map((size, index) => openStream(index, size, seed));
    const tick = (RECORD_END - RECORD_START) / events;
    let recorded = 0;
    for (const index of schedule) {
      const stream = streams[index]!;
      const run: WorkloadEvent[] = [];
      while (run.length < runLength && stream.emitted < stream.size) {
        const recordedAtMs = Math.floor(RECORD_START + recorded++ * tick);
        run.push({ negotiationId: stream.id, recordedAtMs, ...nextEvent(stream) });
      }
      yield run;
    }
  }

  /** Every event, in recording order. */
  *events(): Generator<WorkloadEvent> {
    for (const run of this.runs()) yield* run;
  }

  /** One entry per run, naming its stream, shuffled: the order in which runs are recorded. */
  private schedule(random: Prng): Uint16Array {
    const counts = this.sizes.map((size) => Math.ceil(size / this.options.runLength));
    const schedule = new Uint16Array(counts.reduce((a, b) => a + b, 0));
    let at = 0;
    counts.forEach((count, index) => schedule.fill(index, at, (at += count)));
    return random.shuffle(schedule);
  }
}

export function negotiationIdOf(index: number): string {
  return `negotiation-${String(index).padStart(4, '0')}`;
}

function openStream(index: number, size: number, seed: number): Stream {
  const random = new Prng(seed, index + 1);
  const big = index === 0;
  const openedMs = big ? VALID_START : VALID_START + random.between(0, 4 * 365) * DAY;
  const spanMs = (big ? 5 * 365 - 10 : random.between(60, 540)) * DAY;
  const regulator = random.pick(REGULATORS);
  const provider = random.pick(PROVIDERS);
  return {
    id: negotiationIdOf(index),
    size,
    random,
    emitted: 0,
    openedMs,
    cursorMs: openedMs,
    latestStartMs: openedMs,
    stepMs: spanMs / size,
    parties: [{ org: regulator, role: 'regulator' }, { org: provider, role: 'provider' }],
    openOffers: [],
    pendingRequests: [],
    activeGrants: [],
    targets: [],
    sequence: 0,
  };
}

function nextEvent(stream: Stream): { input: EventInput; late: boolean } {
  const { random } = stream;
  const first = stream.emitted++ === 0;
  const id = random.uuid();
  if (first) return { input: opened(stream, id), late: false };
  const roll = random.next();
  if (roll < CORRECTED + RETRACTED && stream.targets.length > 0) {
    return { input: roll < CORRECTED ? corrected(stream, id) : retracted(stream, id), late: false };
  }
  const elapsed = stream.latestStartMs - stream.openedMs;
  if (random.chance(LATE) && elapsed >= 4 * DAY) {
    const occurredMs = stream.latestStartMs - random.between(Math.max(2 * DAY, elapsed / 10), elapsed);
    return { input: remember(stream, lateEvent(stream, id, occurredMs)), late: true };
  }
  stream.cursorMs += stream.stepMs * random.between(0.2, 1.8);
  const occurredAt = timePointOf(random, stream.cursorMs);
  stream.latestStartMs = Math.max(stream.latestStartMs, intervalOf(occurredAt).start);
  return { input: remember(stream, currentEvent(stream, id, occurredAt)), late: false };
}

/** Keeps an event that corrections may later target. */
function remember(stream: Stream, input: EventInput): EventInput {
  stream.targets.push({ id: input.id!, type: input.type, occurredAt: input.occurredAt });
  if (stream.targets.length > TARGETS_KEPT) stream.targets.shift();
  return input;
}

function opened(stream: Stream, id: string): EventInput {
  const { random } = stream;
  if (random.chance(0.5)) stream.parties.push({ org: random.pick(OBSERVERS), role: 'observer' });
  const [regulator, provider] = stream.parties;
  return {
    id,
    type: 'NegotiationOpened',
    occurredAt: dayText(stream.openedMs),
    source: source(stream),
    data: {
      title: `${regulator!.org} access to ${provider!.org}'s ${random.pick(MODELS)} (${stream.id})`,
      subject: prose(random, random.int(150, 300)),
      parties: [...stream.parties],
    },
  };
}

function currentEvent(stream: Stream, id: string, occurredAt: string): EventInput {
  const { random } = stream;
  const roll = random.next();
  const withSource = random.chance(0.7) ? { source: source(stream) } : {};
  if (roll < 0.44) return statement(stream, id, occurredAt);
  if (roll < 0.59) return meeting(stream, id, occurredAt, withSource);
  if (roll < 0.69) return offer(stream, id, occurredAt, withSource, random.chance(0.3));
  if (roll < 0.77 && stream.openOffers.length > 0) {
    const offerId = stream.openOffers.splice(random.int(0, stream.openOffers.length - 1), 1)[0]!;
    const [regulator] = stream.parties;
    const kind = random.next();
    if (kind < 0.4) return { id, type: 'OfferAccepted', occurredAt, ...withSource, data: { offerId, by: regulator!.org } };
    if (kind < 0.8) return { id, type: 'OfferRejected', occurredAt, ...withSource, data: { offerId, by: regulator!.org, reason: prose(random, 120) } };
    return { id, type: 'OfferWithdrawn', occurredAt, ...withSource, data: { offerId, reason: prose(random, 100) } };
  }
  if (roll < 0.82) return accessRequested(stream, id, occurredAt, withSource);
  if (roll < 0.87) {
    const grantId = `grant-${++stream.sequence}`;
    keep(stream.activeGrants, grantId);
    const requestId = random.chance(0.6) ? stream.pendingRequests.shift() : undefined;
    const validUntil = random.chance(0.5) ? { validUntil: dayText(stream.cursorMs + random.int(30, 720) * DAY) } : {};
    const [regulator, provider] = stream.parties;
    return {
      id, type: 'AccessGranted', occurredAt, ...withSource,
      data: { grantId, grantee: regulator!.org, grantor: provider!.org, model: random.pick(MODELS), scope: prose(random, 80), ...validUntil, ...(requestId && { requestId }) },
    };
  }
  if (roll < 0.89 && stream.activeGrants.length > 0) {
    const grantId = stream.activeGrants.shift()!;
    return { id, type: 'AccessRevoked', occurredAt, ...withSource, data: { grantId, reason: prose(random, 100) } };
  }
  if (roll < 0.94) return { id, type: 'StatusChanged', occurredAt, ...withSource, data: { status: random.pick(STATUSES), reason: prose(random, 120) } };
  if (roll < 0.98 || stream.parties.length < 3) {
    const org = random.pick([...OBSERVERS, ...REGULATORS]);
    return { id, type: 'PartyJoined', occurredAt, ...withSource, data: { org, role: random.pick(['observer', 'mediator', 'other'] as const) } };
  }
  const left = stream.parties[2]!;
  return { id, type: 'PartyLeft', occurredAt, ...withSource, data: { org: left.org, reason: prose(random, 80) } };
}

/** A late event: things learnt after the fact are statements, meetings, offers, requests and status news. */
function lateEvent(stream: Stream, id: string, occurredMs: number): EventInput {
  const { random } = stream;
  const occurredAt = random.chance(0.6) ? instantText(occurredMs, 'Z') : dayText(occurredMs);
  const withSource = { source: source(stream) };
  const roll = random.next();
  if (roll < 0.5) return statement(stream, id, occurredAt);
  if (roll < 0.75) return meeting(stream, id, occurredAt, withSource);
  if (roll < 0.85) return offer(stream, id, occurredAt, withSource, false);
  if (roll < 0.9) return accessRequested(stream, id, occurredAt, withSource);
  return { id, type: 'StatusChanged', occurredAt, ...withSource, data: { status: random.pick(STATUSES), reason: prose(random, 120) } };
}

function statement(stream: Stream, id: string, occurredAt: string): EventInput {
  const { random } = stream;
  const org = random.pick(stream.parties).org;
  return {
    id,
    type: 'StatementMade',
    occurredAt,
    source: source(stream),
    data: {
      ...(random.chance(0.5) && { statementId: `statement-${++stream.sequence}` }),
      speaker: { name: random.pick(PEOPLE), org, ...(random.chance(0.7) && { role: random.pick(ROLES) }) },
      text: prose(random, random.int(200, 600)),
      kind: random.chance(0.4) ? 'quote' : 'paraphrase',
      topics: random.sample(TOPICS, random.int(1, 3)),
    },
  };
}

function meeting(stream: Stream, id: string, occurredAt: string, withSource: { source?: Source }): EventInput {
  const { random } = stream;
  const participants = Array.from({ length: random.int(2, 6) }, () => ({ name: random.pick(PEOPLE), org: random.pick(stream.parties).org }));
  const count = random.chance(0.2) ? { count: { min: 1, max: random.int(1, 4) } } : {};
  return {
    id, type: 'MeetingHeld', occurredAt, ...withSource,
    data: {
      meetingId: `meeting-${++stream.sequence}`,
      participants,
      format: random.pick(['in-person', 'virtual', 'unknown'] as const),
      location: random.pick(LOCATIONS),
      summary: prose(random, random.int(100, 300)),
      ...count,
    },
  };
}

function offer(stream: Stream, id: string, occurredAt: string, withSource: { source?: Source }, counter: boolean): EventInput {
  const { random } = stream;
  const offerId = `offer-${++stream.sequence}`;
  const counters = counter && stream.openOffers.length > 0 ? stream.openOffers.shift() : undefined;
  keep(stream.openOffers, offerId);
  const [regulator, provider] = stream.parties;
  return {
    id, type: 'OfferMade', occurredAt, ...withSource,
    data: {
      offerId,
      from: provider!.org,
      to: regulator!.org,
      terms: {
        model: random.pick(MODELS),
        access: prose(random, random.int(80, 200)),
        beneficiaries: random.sample([...REGULATORS, ...OBSERVERS], random.int(1, 4)),
        conditions: Array.from({ length: random.int(1, 4) }, () => prose(random, random.int(60, 140))),
      },
      summary: prose(random, random.int(100, 250)),
      ...(counters && { counters }),
    },
  };
}

function accessRequested(stream: Stream, id: string, occurredAt: string, withSource: { source?: Source }): EventInput {
  const { random } = stream;
  const requestId = `request-${++stream.sequence}`;
  keep(stream.pendingRequests, requestId);
  return { id, type: 'AccessRequested', occurredAt, ...withSource, data: { requestId, requester: stream.parties[0]!.org, model: random.pick(MODELS), scope: prose(random, 80) } };
}

function corrected(stream: Stream, id: string): EventInput {
  const { random } = stream;
  const target = random.pick(stream.targets);
  const patch = patchFor(random, target.type);
  const moved = patch === undefined || random.chance(0.2);
  const day = () => dayText(random.between(stream.openedMs + DAY, stream.cursorMs + DAY));
  let movedTo = moved ? day() : target.occurredAt;
  // A correction must change something: without a patch, the move must go somewhere new.
  while (patch === undefined && movedTo === target.occurredAt) movedTo = day();
  target.occurredAt = movedTo;
  const occurredAt = moved ? { occurredAt: movedTo } : {};
  return {
    id,
    type: 'EventCorrected',
    occurredAt: instantText(stream.cursorMs, 'Z'),
    data: { targetEventId: target.id, ...occurredAt, ...(patch && { data: patch }), reason: prose(random, 80) },
  };
}

function retracted(stream: Stream, id: string): EventInput {
  const { random } = stream;
  const target = stream.targets.splice(random.int(0, stream.targets.length - 1), 1)[0]!;
  return { id, type: 'EventRetracted', occurredAt: instantText(stream.cursorMs, 'Z'), data: { targetEventId: target.id, reason: prose(random, 80) } };
}

/** A change to the target's data that keeps it valid, or undefined to correct only its date. */
function patchFor(random: Prng, type: EventInput['type']): Record<string, unknown> | undefined {
  switch (type) {
    case 'StatementMade':
      return { text: prose(random, random.int(200, 600)) };
    case 'MeetingHeld':
    case 'OfferMade':
      return { summary: prose(random, random.int(100, 250)) };
    case 'StatusChanged':
      return { reason: prose(random, 120) };
    case 'AccessRequested':
      return { scope: prose(random, 80) };
    default:
      return undefined;
  }
}

function source(stream: Stream): Source {
  const { random } = stream;
  const title = prose(random, random.int(40, 90));
  return {
    publisher: random.pick(PUBLISHERS),
    title,
    url: `https://news.example.eu/${slug(title).slice(0, 60)}-${random.int(1, 99_999)}`,
    publishedAt: dayText(stream.cursorMs + DAY),
  };
}

function keep(ids: string[], id: string): void {
  ids.push(id);
  if (ids.length > OPEN_IDS_KEPT) ids.shift();
}

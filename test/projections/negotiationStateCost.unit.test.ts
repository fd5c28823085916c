import { cpuUsage } from 'node:process';
import { describe, expect, it } from 'vitest';
import { evolveNegotiationState, initialNegotiationState, type NegotiationState } from '../../projections/negotiationState.js';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { EventInput } from '../../src/events/eventInput.js';
import * as input from '../support/inputs.js';
import { Story } from '../support/story.js';

/** A negotiation whose offers, requests, grants and parties all keep growing: `rounds` rounds of eight events. */
function longNegotiation(rounds: number): EffectiveEvent[] {
  const story = new Story();
  const inputs: EventInput[] = [input.opened()];
  for (let i = 0; i < rounds; i++) {
    const day = `2026-${String(1 + Math.floor(i / (rounds / 12 + 1))).padStart(2, '0')}`;
    inputs.push(
      input.offerMade(`o-${i}-a`, { occurredAt: day }),
      input.offerMade(`o-${i}-b`, { occurredAt: day, data: { counters: `o-${i}-a` } }),
      input.offerRejected(`o-${i}-b`, { occurredAt: day }),
      input.accessRequested(`r-${i}`, { occurredAt: day }),
      input.accessGranted(`g-${i}`, { occurredAt: day, data: { requestId: `r-${i}` } }),
      input.accessGranted(`g-${i}-b`, { occurredAt: day }),
      input.accessRevoked(`g-${i}-b`, { occurredAt: day }),
      input.partyJoined(`org-${i}`, { occurredAt: day }),
    );
  }
  story.given(inputs);
  return story.at();
}

/** The fold, and a first read of every collection (where the arrays are built). */
function foldAndRead(events: readonly EffectiveEvent[]): NegotiationState {
  const state = events.reduce(evolveNegotiationState, initialNegotiationState('n'));
  expect(state.offers.length + state.requests.length + state.grants.length + state.parties.length).toBeGreaterThan(0);
  return state;
}

function cpuMs(run: () => unknown): number {
  const started = cpuUsage();
  run();
  const { user, system } = cpuUsage(started);
  return (user + system) / 1_000;
}

describe('folding a negotiation with thousands of offers, requests, grants and parties', () => {
  const ROUNDS = 300; // 2,400 events, against 9,600
  const small = longNegotiation(ROUNDS);
  const large = longNegotiation(4 * ROUNDS);

  it('costs time in proportion to the events: four times the events take at most six times as long', () => {
    foldAndRead(small);
    foldAndRead(large);
    let smallMs = Number.POSITIVE_INFINITY;
    let largeMs = Number.POSITIVE_INFINITY;
    // Best of interleaved runs, so a busy moment of the machine weighs on neither side alone.
    for (let run = 0; run < 5; run++) {
      smallMs = Math.min(smallMs, cpuMs(() => foldAndRead(small)));
      largeMs = Math.min(largeMs, cpuMs(() => foldAndRead(large)));
    }
    expect(largeMs).toBeLessThanOrEqual(6 * smallMs);
  });

  it('ends with every offer, request, grant and party in place', () => {
    const state = foldAndRead(large);
    expect(state.offers).toHaveLength(8 * ROUNDS);
    expect(state.requests.every((r) => r.status === 'granted')).toBe(true);
    expect(state.grants.filter((g) => g.revoked)).toHaveLength(4 * ROUNDS);
    expect(state.parties).toHaveLength(2 + 4 * ROUNDS);
  });
});

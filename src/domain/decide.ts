import { dataSchemas, isDataField } from '../events/catalogue.js';
import type { EventInput } from '../events/eventInput.js';
import { DomainRuleError, fieldErrorsOf } from '../errors.js';
import { applyPatch } from '../events/applyPatch.js';
import type { DecisionState, KnownEvent } from './decisionState.js';
import { canonicalJson } from '../events/canonicalJson.js';
import { storedForm } from '../events/storedForm.js';
import { correctedProvenance, storedProvenance } from '../events/provenance.js';

/** Record these events in this negotiation, as one batch. */
export interface AppendCommand {
  readonly negotiationId: string;
  readonly inputs: readonly EventInput[];
}

/** Data keys that other events refer to: a correction may not change them. */
const IDENTITY_KEYS = ['offerId', 'grantId', 'requestId'] as const;

/**
 * Pure: checks the domain rules of CONTRACT §3 for a batch against the stream's decision
 * state and returns the domain events to record: each event as its author wrote it (type,
 * occurredAt, data, sources, confidence and note when given, id when given) in its stored form, nothing else. Ids, revisions,
 * recordedAt/By and the hash chain are added when the events are sealed (src/audit).
 * Throws DomainRuleError (422) naming the offending event's index.
 */
export function decide(command: AppendCommand, state: DecisionState): EventInput[] {
  const offers = new Set<string>();
  const grants = new Set<string>();
  const requests = new Set<string>();
  const batchEvents = new Map<string, KnownEvent>();
  const known = (id: string) => batchEvents.get(id) ?? state.events.get(id);

  command.inputs.forEach((input, index) => {
    const fail = (message: string): never => {
      throw new DomainRuleError(`event ${index} (${input.type}): ${message}`);
    };
    const revision = state.revision + 1 + index;
    const streamExists = revision > 0;
    if (input.type === 'NegotiationOpened') {
      if (streamExists) fail(`negotiation ${command.negotiationId} is already opened`);
    } else if (!streamExists) {
      fail(`negotiation ${command.negotiationId} does not exist: its first event must be NegotiationOpened`);
    }
    const hasOffer = (id: string) => state.offerIds.has(id) || offers.has(id);
    const hasGrant = (id: string) => state.grantIds.has(id) || grants.has(id);
    const hasRequest = (id: string) => state.requestIds.has(id) || requests.has(id);

    switch (input.type) {
      case 'OfferMade':
        if (hasOffer(input.data.offerId)) fail(`offer ${input.data.offerId} already exists`);
        if (input.data.counters !== undefined && !hasOffer(input.data.counters)) fail(`countered offer ${input.data.counters} does not exist`);
        offers.add(input.data.offerId);
        break;
      case 'OfferAccepted':
      case 'OfferRejected':
      case 'OfferWithdrawn':
        if (!hasOffer(input.data.offerId)) fail(`offer ${input.data.offerId} does not exist`);
        break;
      case 'AccessRequested':
        if (hasRequest(input.data.requestId)) fail(`request ${input.data.requestId} already exists`);
        requests.add(input.data.requestId);
        break;
      case 'AccessGranted':
        if (hasGrant(input.data.grantId)) fail(`grant ${input.data.grantId} already exists`);
        if (input.data.requestId !== undefined && !hasRequest(input.data.requestId)) fail(`request ${input.data.requestId} does not exist`);
        grants.add(input.data.grantId);
        break;
      case 'AccessRevoked':
        if (!hasGrant(input.data.grantId)) fail(`grant ${input.data.grantId} does not exist`);
        break;
      case 'EventCorrected':
      case 'EventRetracted': {
        const targetId = input.data.targetEventId;
        const target = known(targetId);
        if (!target) fail(`event ${targetId} is not in negotiation ${command.negotiationId}`);
        if (target!.type === 'EventCorrected' || target!.type === 'EventRetracted') fail(`event ${targetId} is itself a correction`);
        if (target!.retracted) fail(`event ${targetId} is retracted`);
        if (input.type === 'EventCorrected') {
          const corrected = correctedTarget(target!, input.data, fail, hasOffer);
          batchEvents.set(targetId, corrected);
        } else {
          batchEvents.set(targetId, { ...target!, retracted: true });
        }
        break;
      }
      default:
        break;
    }

    // Only an event with its author's id can be named by a later one: an id given at sealing is not known yet.
    if (input.id !== undefined) {
      batchEvents.set(input.id, { type: input.type, occurredAt: input.occurredAt, data: input.data as Record<string, unknown>, provenance: storedProvenance(input), retracted: false });
    }
  });
  return command.inputs.map(storedForm);
}

function correctedTarget(
  target: KnownEvent,
  correction: Extract<EventInput, { type: 'EventCorrected' }>['data'],
  fail: (message: string) => never,
  hasOffer: (id: string) => boolean,
): KnownEvent {
  let data = target.data;
  if (correction.data !== undefined) {
    // Every key is checked, null ones too: the patch is stored as sent, so a key the merge
    // would not apply (or would merely delete) must not be stored either.
    for (const key of Object.keys(correction.data)) {
      if (!isDataField(target.type, key)) fail(`the corrected data is not a valid ${target.type}: it has no field ${JSON.stringify(key)}`);
    }
    const merged = applyPatch(target, correction.data);
    for (const key of IDENTITY_KEYS) {
      if (merged[key] !== target.data[key]) fail(`a correction may not change ${key}; retract the event and record a new one`);
    }
    const parsed = dataSchemas[target.type].safeParse(merged);
    if (!parsed.success) {
      const [first] = fieldErrorsOf(parsed.error, { paths: 'dotted' });
      fail(`the corrected data is not a valid ${target.type}: ${first?.path || '(root)'}: ${first?.message}`);
    }
    // The patch is stored as sent and replayed as is, so it must already be what the schema returns.
    if (canonicalJson(parsed.data) !== canonicalJson(merged)) fail('the corrected data must be written as it is stored: no spaces around names');
    data = parsed.data as Record<string, unknown>;
    const counters = data.counters;
    if (typeof counters === 'string' && counters !== target.data.counters && !hasOffer(counters)) fail(`countered offer ${counters} does not exist`);
  }
  const occurredAt = correction.occurredAt ?? target.occurredAt;
  const provenance = correctedProvenance(target.provenance, correction);
  // Judged against the target as already corrected: restating what it now says corrects nothing.
  const changes =
    occurredAt !== target.occurredAt ||
    (data !== target.data && canonicalJson(data) !== canonicalJson(target.data)) ||
    canonicalJson(provenance) !== canonicalJson(target.provenance);
  if (!changes) fail('a correction must change occurredAt, data or source (sources, confidence, note), and this one leaves the event as it is');
  return { ...target, occurredAt, data, provenance };
}

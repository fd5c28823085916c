import { z } from 'zod';
import { RecordedEvent } from '../events/recordedEvent.js';
import { AppendResult } from '../answers/appendResult.js';
import { pageOf } from '../answers/cut.js';
import { Dashboard } from '../answers/dashboard.js';
import { EventPage } from '../answers/eventPage.js';
import { Grant } from '../answers/grant.js';
import { Health, HealthDegraded } from '../answers/health.js';
import { NegotiationState } from '../answers/negotiationState.js';
import { NegotiationSummary } from '../answers/negotiationSummary.js';
import { StateDiff } from '../answers/stateDiff.js';
import { Statement } from '../answers/statement.js';
import { TimelineEntry } from '../answers/timelineEntry.js';
import { VerifyResult } from '../answers/verifyResult.js';
import { StreamEvents } from '../answers/streamEvents.js';
import { ImportResult } from '../answers/importResult.js';
import { CheckpointQuery, ConsistencyQuery, EvidenceQuery, InclusionQuery } from './params.js';
import { AccessQuery, CutQuery, DiffQuery, EventsQuery, expectedRevisionOf, ListQuery, LiveQuery, NegotiationPath, OrgPath, OrgQuery, StatementsQuery, StreamEventsQuery, TimelineQuery } from './params.js';
import { APPEND_EXAMPLE, APPENDED_EXAMPLE, HEALTH_EXAMPLE, INVALID_EXAMPLE, LIST_EXAMPLE, NOT_AT_CUT_EXAMPLE, STALE_EXAMPLE } from './openapi/examples.js';
import { json, other, problem, route, type Route } from './route.js';
import { bodyLines, importBody, importLines, rebuildStatus, requireJsonLines, startRebuild } from './routes/adminRoutes.js';
import { RebuildStatus } from '../answers/rebuildStatus.js';
import { OrgItem } from '../answers/orgItem.js';
import { append, AppendBody, eventInputsOf, receiveAppendBody } from './routes/appendRoute.js';
import { lastEventIdOf, live } from './routes/liveRoute.js';
import { health, openApi } from './routes/publicRoutes.js';
import * as reads from './routes/readRoutes.js';
import { checkpoint, consistency, evidence, inclusion, signCheckpoint, verifierKey } from './routes/proofRoutes.js';
import { CheckpointAnswer, ConsistencyAnswer, InclusionAnswer, VerifierKey } from '../answers/proofs.js';
import { EvidencePack } from '../answers/evidencePack.js';

/** Only the document's frame: its own schema is OpenAPI's. */
const OpenApiText = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) });

const ETag = z.object({ ETag: z.string().meta({ description: 'the stream revision, quoted: "3"' }) });

const STORE_DOWN = problem('the store cannot be reached');

const NO_PROOFS = problem('the store keeps no Merkle log (EventStoreDB), or this server has no signing key');
const DAMAGED_LOG = problem('the Merkle log\'s stored leaves or nodes are missing: the store was damaged or rolled back');

/** CONTRACT §2.2: the 404 of a negotiation at a cut. */
const NOT_AT_CUT = 'no such negotiation, or not even possibly opened at that cut: the detail says which cut excluded it ("not yet happened by asOf" or "not yet recorded by knownAt")';

/** What every read may answer besides its own statuses (the role check's answers are added by the document). */
const READ_ERRORS = {
  400: problem('a malformed parameter'),
  500: problem('a stored event the answer needs cannot be read back: the store is damaged (the detail names the event)'),
  503: STORE_DOWN,
} as const;

/**
 * Every operation of the API (CONTRACT §4, roles §5), in the order the OpenAPI document
 * lists them. The dashboard page and the API reference page are not operations: they are
 * mounted beside the table, without a token.
 */
export const ROUTES: readonly Route[] = [
  route({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    role: 'public',
    summary: 'Liveness and store kind (no token)',
    tags: ['service'],
    request: {},
    responses: {
      200: json('the server and its store answer reads', Health, { example: HEALTH_EXAMPLE }),
      503: json('the store cannot be read, or holds events that cannot be read back', HealthDegraded),
    },
    handle: health,
  }),
  route({
    method: 'get',
    path: '/negotiations',
    operationId: 'listNegotiations',
    role: 'reader',
    summary: 'Negotiations at a cut',
    tags: ['negotiations'],
    request: { query: ListQuery },
    responses: { 200: json('one page of summaries, in the order the negotiations were opened', pageOf(NegotiationSummary), { example: LIST_EXAMPLE }), ...READ_ERRORS },
    handle: reads.list,
  }),
  route({
    method: 'get',
    path: '/negotiations/{id}',
    operationId: 'getNegotiation',
    role: 'reader',
    summary: 'A negotiation\'s state at a cut',
    tags: ['negotiations'],
    request: { path: NegotiationPath, query: CutQuery },
    responses: {
      200: json('the state; `exists: "possibly"` while its opening only possibly happened by asOf', NegotiationState, { headers: ETag }),
      404: problem(NOT_AT_CUT, { example: NOT_AT_CUT_EXAMPLE }),
      ...READ_ERRORS,
    },
    handle: reads.state,
  }),
  route({
    method: 'get',
    path: '/negotiations/{id}/events',
    operationId: 'listNegotiationEvents',
    role: 'reader',
    summary: 'The raw audit log of one negotiation, in revision order',
    tags: ['events'],
    request: { path: NegotiationPath, query: StreamEventsQuery },
    responses: {
      200: json('events', StreamEvents),
      404: problem('no such negotiation'),
      ...READ_ERRORS,
    },
    handle: reads.streamEvents,
  }),
  route({
    method: 'post',
    path: '/negotiations/{id}/events',
    operationId: 'appendEvents',
    role: 'recorder',
    summary: 'Record events (recorder role)',
    tags: ['events'],
    request: {
      path: NegotiationPath,
      headers: {
        schema: z.object({ 'If-Match': z.string().optional().meta({ description: 'the stream\'s current last revision, "3" or W/"3"' }) }),
        read: expectedRevisionOf,
      },
      body: { mediaType: 'application/json', schema: AppendBody, example: APPEND_EXAMPLE, receive: [receiveAppendBody], read: eventInputsOf },
    },
    responses: {
      201: json('recorded', AppendResult, { headers: ETag, example: APPENDED_EXAMPLE }),
      200: json('an idempotent retry: already recorded', AppendResult, { headers: ETag }),
      400: problem('invalid events', { example: INVALID_EXAMPLE }),
      409: problem('an event id reused with other content'),
      412: problem('If-Match is stale', { example: STALE_EXAMPLE }),
      413: problem('the body is over 1 MiB'),
      415: problem('the body is not JSON'),
      422: problem('a domain rule is broken'),
      503: STORE_DOWN,
    },
    handle: append,
  }),
  route({
    method: 'get',
    path: '/negotiations/{id}/timeline',
    operationId: 'getTimeline',
    role: 'reader',
    summary: 'Events as currently corrected, in valid-time order',
    tags: ['negotiations'],
    request: { path: NegotiationPath, query: TimelineQuery },
    responses: {
      200: json('one page of the timeline: every event that started by asOf, definite or possible', pageOf(TimelineEntry).extend({ negotiationId: z.string() })),
      404: problem(NOT_AT_CUT),
      ...READ_ERRORS,
    },
    handle: reads.timeline,
  }),
  route({
    method: 'get',
    path: '/negotiations/{id}/diff',
    operationId: 'getDiff',
    role: 'reader',
    summary: 'What changed between asOf=from and asOf=to',
    tags: ['negotiations'],
    request: { path: NegotiationPath, query: DiffQuery },
    responses: { 200: json('the changes', StateDiff), 404: problem('no such negotiation, or not even possibly opened at `to` (the detail says which cut excluded it)'), ...READ_ERRORS },
    handle: reads.diff,
  }),
  route({
    method: 'get',
    path: '/statements',
    operationId: 'listStatements',
    role: 'reader',
    summary: 'Who said what',
    tags: ['queries'],
    request: { query: StatementsQuery },
    responses: { 200: json('one page of statements; with `q`, by relevance, each with a snippet', pageOf(Statement)), ...READ_ERRORS },
    handle: reads.statements,
  }),
  route({
    method: 'get',
    path: '/access',
    operationId: 'listGrants',
    role: 'reader',
    summary: 'The access register across negotiations',
    tags: ['queries'],
    request: { query: AccessQuery },
    responses: { 200: json('one page of grants', pageOf(Grant)), ...READ_ERRORS },
    handle: reads.access,
  }),
  route({
    method: 'get',
    path: '/orgs/{org}',
    operationId: 'getOrg',
    role: 'reader',
    summary: 'What an organisation said, offered, received, was granted and met about, across negotiations',
    tags: ['queries'],
    request: { path: OrgPath, query: OrgQuery },
    responses: { 200: json('one page of the organisation\'s items, in the order they happened', pageOf(OrgItem).extend({ org: z.string() })), ...READ_ERRORS },
    handle: reads.org,
  }),
  route({
    method: 'get',
    path: '/dashboard',
    operationId: 'getDashboard',
    role: 'reader',
    summary: 'A summary for dashboards',
    tags: ['queries'],
    request: { query: CutQuery },
    responses: { 200: json('the summary', Dashboard), ...READ_ERRORS },
    handle: reads.dashboard,
  }),
  route({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    role: 'reader',
    summary: 'The global log by position',
    tags: ['events'],
    request: { query: EventsQuery },
    responses: { 200: json('one page', EventPage), ...READ_ERRORS },
    handle: reads.events,
  }),
  route({
    method: 'get',
    path: '/events/live',
    operationId: 'followEvents',
    role: 'reader',
    tokenInQuery: true,
    summary: 'Server-Sent Events: `id: <position>`, `event: <type>`, `data: <RecordedEvent>`; resumes after Last-Event-ID',
    tags: ['events'],
    request: {
      query: LiveQuery,
      headers: { schema: z.object({ 'Last-Event-ID': z.string().optional().meta({ description: 'the last position received' }) }), read: lastEventIdOf },
    },
    responses: {
      200: other('an endless event stream, with comment lines as heartbeats', { mediaType: 'text/event-stream', schema: z.string() }),
      ...READ_ERRORS,
      503: problem('the store cannot be reached, or the feed has as many connections as it takes (for the server or for this token): try again after Retry-After seconds'),
    },
    handle: live,
  }),
  route({
    method: 'get',
    path: '/audit/verify',
    operationId: 'verifyAudit',
    role: 'reader',
    summary: 'Recompute every stream\'s hash chain',
    tags: ['audit'],
    request: {},
    responses: { 200: json('the report', VerifyResult), ...READ_ERRORS },
    handle: reads.verify,
  }),
  route({
    method: 'get',
    path: '/proofs/key',
    operationId: 'getVerifierKey',
    role: 'public',
    summary: 'The verifier key of this server\'s checkpoints (no token)',
    tags: ['proofs'],
    request: {},
    responses: { 200: json('the key name and the C2SP verifier key', VerifierKey), 501: NO_PROOFS },
    handle: verifierKey,
  }),
  route({
    method: 'get',
    path: '/proofs/checkpoint',
    operationId: 'getCheckpoint',
    role: 'public',
    summary: 'The newest signed checkpoint of the Merkle log, at or before `at` (no token)',
    tags: ['proofs'],
    request: { query: CheckpointQuery },
    responses: {
      200: json('the checkpoint and its signed note', CheckpointAnswer),
      400: problem('a malformed `at`'),
      404: problem('no checkpoint was signed by then'),
      501: NO_PROOFS,
      503: STORE_DOWN,
    },
    handle: checkpoint,
  }),
  route({
    method: 'post',
    path: '/proofs/checkpoint',
    operationId: 'signCheckpoint',
    role: 'admin',
    summary: 'Sign a checkpoint of the Merkle log now (admin role)',
    tags: ['proofs'],
    request: {},
    responses: { 201: json('signed and kept', CheckpointAnswer), 500: DAMAGED_LOG, 501: NO_PROOFS, 503: STORE_DOWN },
    handle: signCheckpoint,
  }),
  route({
    method: 'get',
    path: '/proofs/inclusion',
    operationId: 'getInclusionProof',
    role: 'reader',
    summary: 'That the event of leaf `seq` is in the log of `size` events (RFC 9162 §2.1.3)',
    tags: ['proofs'],
    request: { query: InclusionQuery },
    responses: { 200: json('the leaf hash and its audit path', InclusionAnswer), 400: problem('seq or size malformed, or beyond the log'), 500: DAMAGED_LOG, 501: NO_PROOFS, 503: STORE_DOWN },
    handle: inclusion,
  }),
  route({
    method: 'get',
    path: '/proofs/consistency',
    operationId: 'getConsistencyProof',
    role: 'reader',
    summary: 'That the log of `to` events extends the log of `from` events (RFC 9162 §2.1.4)',
    tags: ['proofs'],
    request: { query: ConsistencyQuery },
    responses: { 200: json('the consistency proof', ConsistencyAnswer), 400: problem('from or to malformed, from > to, or beyond the log'), 500: DAMAGED_LOG, 501: NO_PROOFS, 503: STORE_DOWN },
    handle: consistency,
  }),
  route({
    method: 'get',
    path: '/negotiations/{id}/evidence',
    operationId: 'getEvidencePack',
    role: 'reader',
    summary: 'An evidence pack: the state at a cut with every event, its proofs and the signed checkpoint, to check offline',
    tags: ['proofs'],
    request: { path: NegotiationPath, query: EvidenceQuery },
    responses: {
      200: json('the pack (`parley verify-evidence FILE` checks it); its checkpoint is the first signed at or after knownAt, signed now when none is yet', EvidencePack),
      404: problem(NOT_AT_CUT),
      ...READ_ERRORS,
      500: problem('a stored event cannot be read back, or the Merkle log\'s stored leaves or nodes are missing'),
      501: NO_PROOFS,
    },
    handle: evidence,
  }),
  route({
    method: 'post',
    path: '/admin/import',
    operationId: 'importEvents',
    role: 'admin',
    summary: 'Import JSON Lines of RecordedEvents and EventInputs (admin role), as `parley import` does',
    tags: ['admin'],
    request: { body: { mediaType: 'application/x-ndjson', schema: z.string(), receive: [requireJsonLines, importBody], read: bodyLines } },
    responses: {
      200: json('imported', ImportResult),
      400: problem('bad lines: nothing was imported'),
      409: problem('the store changed during the import'),
      413: problem('the body is over 16 MiB'),
      415: problem('the body is not JSON Lines'),
      503: STORE_DOWN,
    },
    handle: importLines,
  }),
  route({
    method: 'post',
    path: '/admin/rebuild',
    operationId: 'startRebuild',
    role: 'admin',
    summary: 'Recreate the read model from the log, in the background (admin role), as `parley rebuild` does',
    tags: ['admin'],
    request: {},
    responses: { 202: json('started, or already running: its progress', RebuildStatus) },
    handle: startRebuild,
  }),
  route({
    method: 'get',
    path: '/admin/rebuild',
    operationId: 'getRebuildStatus',
    role: 'admin',
    summary: 'How far the last rebuild of the read model has come (admin role)',
    tags: ['admin'],
    request: {},
    responses: { 200: json('its progress', RebuildStatus) },
    handle: rebuildStatus,
  }),
  route({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApi',
    role: 'public',
    summary: 'This document (no token)',
    tags: ['service'],
    request: {},
    responses: { 200: json('OpenAPI 3.1', OpenApiText) },
    handle: openApi,
  }),
];

import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { EventInput, MAX_BATCH } from '../../events/eventInput.js';
import { RecordedEvent } from '../../events/recordedEvent.js';
import { AccessQuery, CutQuery, DiffQuery, EventsQuery, ListQuery, LiveQuery, NegotiationPath, StatementsQuery, StreamEventsQuery } from '../params.js';
import { AppendResult } from '../../answers/appendResult.js';
import { listOf } from '../../answers/cut.js';
import { Dashboard } from '../../answers/dashboard.js';
import { EventPage } from '../../answers/eventPage.js';
import { Grant } from '../../answers/grant.js';
import { Health, HealthDegraded } from '../../answers/health.js';
import { NegotiationState } from '../../answers/negotiationState.js';
import { NegotiationSummary } from '../../answers/negotiationSummary.js';
import { StateDiff } from '../../answers/stateDiff.js';
import { Statement } from '../../answers/statement.js';
import { TimelineEntry } from '../../answers/timelineEntry.js';
import { VerifyResult } from '../../answers/verifyResult.js';
import { ProblemDocument } from './schemas.js';

const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemDocument } },
});
const json = (description: string, schema: z.ZodType, headers?: z.ZodObject) => ({
  description,
  content: { 'application/json': { schema } },
  ...(headers && { headers }),
});
const ETag = z.object({ ETag: z.string().meta({ description: 'the stream revision, quoted: "3"' }) });

const readErrors: ZodOpenApiResponsesObject = {
  '400': problemResponse('a malformed parameter'),
  '401': problemResponse('no token, or an unknown one'),
  '403': problemResponse('the token\'s role is too low'),
  '500': problemResponse('a stored event the answer needs cannot be read back: the store is damaged (the detail names the event)'),
  '503': problemResponse('the store cannot be reached'),
};

/** A read operation: reader role (or public reads), with its usual errors. */
function read(summary: string, responses: ZodOpenApiResponsesObject, params: Pick<ZodOpenApiOperationObject, 'requestParams'>['requestParams'], tags: string[]): ZodOpenApiOperationObject {
  return { summary, tags, security: [{ bearer: [] }], requestParams: params, responses: { ...responses, ...readErrors } };
}

const AppendBody = z
  .union([EventInput, z.array(EventInput).min(1).max(MAX_BATCH)])
  .meta({ description: `one EventInput, or an array of 1–${MAX_BATCH} appended atomically` });

/** The OpenAPI 3.1 document of CONTRACT §4, generated from the zod schemas the server validates with. */
export function openApiDocument(version: string): ReturnType<typeof createDocument> {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Parley',
      version,
      description:
        'Event-sourced negotiation tracker with bitemporal replay. Queries take `asOf` (valid time) and `knownAt` (transaction time), each a TimePoint; errors are RFC 9457 problem documents.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/health': { get: { summary: 'Liveness and store kind (no token)', tags: ['service'], responses: { '200': json('the server and its store answer reads', Health), '503': json('the store cannot be read, or holds events that cannot be read back', HealthDegraded) } } },
      '/negotiations': {
        get: read('Negotiations at a cut', { '200': json('summaries', listOf(NegotiationSummary)) }, { query: ListQuery }, ['negotiations']),
      },
      '/negotiations/{id}': {
        get: read('A negotiation\'s state at a cut', { '200': json('the state', NegotiationState, ETag), '404': problemResponse('no such negotiation at that cut') }, { path: NegotiationPath, query: CutQuery }, ['negotiations']),
      },
      '/negotiations/{id}/events': {
        get: read('The raw audit log of one negotiation, in revision order', { '200': json('events', z.object({ negotiationId: z.string(), items: z.array(RecordedEvent) })), '404': problemResponse('no such negotiation') }, { path: NegotiationPath, query: StreamEventsQuery }, ['events']),
        post: {
          summary: 'Record events (recorder role)',
          tags: ['events'],
          security: [{ bearer: [] }],
          requestParams: {
            path: NegotiationPath,
            header: z.object({ 'If-Match': z.string().optional().meta({ description: 'the stream\'s current last revision, "3" or W/"3"' }) }),
          },
          requestBody: { required: true, content: { 'application/json': { schema: AppendBody } } },
          responses: {
            '201': json('recorded', AppendResult, ETag),
            '200': json('an idempotent retry: already recorded', AppendResult, ETag),
            '400': problemResponse('invalid events'),
            '401': problemResponse('no token, or an unknown one'),
            '403': problemResponse('the token\'s role is too low'),
            '409': problemResponse('an event id reused with other content'),
            '412': problemResponse('If-Match is stale'),
            '413': problemResponse('the body is over 1 MiB'),
            '415': problemResponse('the body is not JSON'),
            '422': problemResponse('a domain rule is broken'),
            '503': problemResponse('the store cannot be reached'),
          },
        },
      },
      '/negotiations/{id}/timeline': {
        get: read('Events as currently corrected, in valid-time order', { '200': json('the timeline', listOf(TimelineEntry).extend({ negotiationId: z.string() })), '404': problemResponse('no such negotiation at that cut') }, { path: NegotiationPath, query: CutQuery }, ['negotiations']),
      },
      '/negotiations/{id}/diff': {
        get: read('What changed between asOf=from and asOf=to', { '200': json('the changes', StateDiff), '404': problemResponse('no such negotiation at `to`') }, { path: NegotiationPath, query: DiffQuery }, ['negotiations']),
      },
      '/statements': { get: read('Who said what', { '200': json('statements', listOf(Statement)) }, { query: StatementsQuery }, ['queries']) },
      '/access': { get: read('The access register across negotiations', { '200': json('grants', listOf(Grant)) }, { query: AccessQuery }, ['queries']) },
      '/dashboard': { get: read('A summary for dashboards', { '200': json('the summary', Dashboard) }, { query: CutQuery }, ['queries']) },
      '/events': { get: read('The global log by position', { '200': json('one page', EventPage) }, { query: EventsQuery }, ['events']) },
      '/events/live': {
        get: read(
          'Server-Sent Events: `id: <position>`, `event: <type>`, `data: <RecordedEvent>`; resumes after Last-Event-ID',
          { '200': { description: 'an endless event stream, with comment lines as heartbeats', content: { 'text/event-stream': { schema: z.string() } } } },
          { query: LiveQuery, header: z.object({ 'Last-Event-ID': z.string().optional().meta({ description: 'the last position received' }) }) },
          ['events'],
        ),
      },
      '/audit/verify': { get: read('Recompute every stream\'s hash chain', { '200': json('the report', VerifyResult) }, {}, ['audit']) },
      '/admin/import': {
        post: {
          summary: 'Import JSON Lines of RecordedEvents and EventInputs (admin role), as `parley import` does',
          tags: ['admin'],
          security: [{ bearer: [] }],
          requestBody: { required: true, content: { 'application/x-ndjson': { schema: z.string() } } },
          responses: {
            '200': json('imported', z.object({ imported: z.int(), skipped: z.int(), negotiations: z.array(z.string()), withoutId: z.int() })),
            '400': problemResponse('bad lines: nothing was imported'),
            '401': problemResponse('no token, or an unknown one'),
            '403': problemResponse('the token\'s role is too low'),
            '409': problemResponse('the store changed during the import'),
            '413': problemResponse('the body is over 16 MiB'),
            '415': problemResponse('the body is not JSON Lines'),
          },
        },
      },
      '/openapi.json': { get: { summary: 'This document (no token)', tags: ['service'], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
  });
}

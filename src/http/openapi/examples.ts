/**
 * Examples the document shows for the main operations, from the seed scenario. The linter
 * checks each against its schema, so an example that drifts from the schema fails the tests.
 */

const NEGOTIATION = 'eu-openai-gpt-5-5-cyber';

export const HEALTH_EXAMPLE = { status: 'ok', store: 'sqlite' };

export const APPEND_EXAMPLE = {
  type: 'MeetingHeld',
  occurredAt: '2026-05-12',
  sources: [{ publisher: 'Reuters', title: 'EU Commission in talks with OpenAI and Anthropic over AI models', publishedAt: '2026-05-12' }],
  data: { participants: [{ org: 'European Commission' }, { org: 'OpenAI' }], format: 'virtual', summary: 'Technical talks on access to the model' },
};

export const APPENDED_EXAMPLE = {
  negotiationId: NEGOTIATION,
  revision: 7,
  position: 17,
  events: [{ id: '5f0c2a4e-8d2b-4c1e-9a57-3b6f1d2e4c8a', revision: 7, position: 17, recordedAt: '2026-05-12T10:04:31.250Z' }],
};

export const INVALID_EXAMPLE = {
  type: 'about:blank',
  title: 'Invalid request',
  status: 400,
  detail: 'the event does not match its schema',
  errors: [{ path: '/data/format', message: 'Invalid option: expected one of "in-person"|"virtual"|"unknown"' }],
};

export const STALE_EXAMPLE = {
  type: 'about:blank',
  title: 'Stream has changed',
  status: 412,
  detail: `negotiation ${NEGOTIATION} is at revision 7, not 6`,
  currentRevision: 7,
};

export const NOT_AT_CUT_EXAMPLE = {
  type: 'about:blank',
  title: 'Not found',
  status: 404,
  detail: `negotiation ${NEGOTIATION} did not exist at that cut: not yet happened by asOf`,
};

export const LIST_EXAMPLE = {
  asOf: '2026-05-31',
  knownAt: '2026-06-01T08:00:00.000Z',
  next: null,
  items: [
    {
      id: NEGOTIATION,
      exists: 'yes',
      title: 'EU access to OpenAI\'s GPT-5.5 Cyber',
      status: 'progressing',
      parties: [
        { org: 'European Commission', role: 'regulator' },
        { org: 'OpenAI', role: 'provider' },
      ],
      openedAt: '../2026-05-11',
      lastActivityAt: '2026-05-12',
      meetings: { min: 1, max: 1, lastAt: '2026-05-12' },
      openOffers: 0,
      openOfferList: [],
      activeGrants: 0,
      pending: 0,
    },
  ],
};

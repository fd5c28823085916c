import { describe, expect, it } from 'vitest';
import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import { statementMatches, statementsOf, type Statement, type StatementFilter } from '../../projections/statements.js';
import { presentStatement } from '../../src/answers/statement.js';
import { endOf, intervalOf } from '../../src/time/timePoint.js';
import { eventId } from '../support/ids.js';
import * as input from '../support/inputs.js';
import { ProjectionSpecification } from '../support/specification.js';
import { Story } from '../support/story.js';

/** When: the statements are taken from the effective events, at an asOf after all of them. */
const statements = ProjectionSpecification.for((events: readonly EffectiveEvent[]) => statementsOf(events, endOf('2030')));

describe('a StatementMade', () => {
  it('becomes a statement with who said what, where we read it and who recorded it', () => {
    const story = new Story('eu-openai');
    const [, made] = story.given([
      input.opened(),
      input.statement('A welcome gesture of transparency.', {
        occurredAt: '2026-05',
        data: { statementId: 's-1', speaker: { name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' }, kind: 'paraphrase', topics: ['transparency'] },
      }),
      input.meeting(),
    ]);
    statements.given(story.at()).then((all) =>
      expect(all.map(presentStatement)).toEqual([
        {
          eventId: made!.id,
          negotiationId: 'eu-openai',
          statementId: 's-1',
          speaker: { name: 'Thomas Regnier', org: 'European Commission', role: 'Spokesperson' },
          text: 'A welcome gesture of transparency.',
          kind: 'paraphrase',
          topics: ['transparency'],
          occurredAt: '2026-05',
          recordedAt: made!.recordedAt,
          recordedBy: 'recorder',
          source: input.BRIEF,
          sources: [input.BRIEF],
          confidence: 'reported',
          note: null,
          status: 'current',
          certainty: 'definite',
          occurredAtInterval: { start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' },
        },
      ]),
    );
  });

  it('without statementId or topics gets null and an empty list', () => {
    const story = new Story();
    story.given([input.opened(), input.statement('x')]);
    statements.given(story.at()).then(([statement]) => expect(statement).toMatchObject({ statementId: null, topics: [] }));
  });

  it('carries its occurredAt interval for date filters, answered as ISO instants', () => {
    const story = new Story();
    story.given([input.opened(), input.statement('x', { occurredAt: '2026-05' })]);
    statements.given(story.at()).then(([statement]) => {
      expect(statement!.occurred).toMatchObject({ start: intervalOf('2026-05').start, end: intervalOf('2026-05').end });
      const presented = presentStatement(statement!);
      expect('occurred' in presented).toBe(false);
      expect(presented.occurredAtInterval).toEqual({ start: '2026-05-01T00:00:00.000Z', end: '2026-05-31T23:59:59.999Z' });
    });
  });
});

describe('a statement possibly made by asOf (its month has begun, not ended)', () => {
  const story = new Story();
  story.given([input.opened({ occurredAt: '2026-04-01' }), { ...input.statement('in May', { occurredAt: '2026-05' }), id: eventId(1) }, { ...input.statement('on the 3rd', { occurredAt: '2026-05-03' }), id: eventId(2) }]);
  /** When: the statements are taken from every event that started by 12 May. */
  const at12May = ProjectionSpecification.for((events: readonly EffectiveEvent[]) => statementsOf(events, endOf('2026-05-12')));

  it('is possible, the one made on a day before is definite', () => {
    at12May.given(story.startedAt('2026-05-12')).then((all) =>
      expect(all.map((s) => [s.eventId, s.certainty])).toEqual([
        [eventId(1), 'possible'],
        [eventId(2), 'definite'],
      ]),
    );
  });

  it('is left out unless includePossible', () => {
    at12May.given(story.startedAt('2026-05-12')).then((all) => {
      expect(all.filter((s) => statementMatches(s, {})).map((s) => s.eventId)).toEqual([eventId(2)]);
      expect(all.filter((s) => statementMatches(s, { includePossible: true })).map((s) => s.eventId)).toEqual([eventId(1), eventId(2)]);
    });
  });

  it('is definite once May is over', () => {
    statements.given(story.startedAt('2026-05-31')).then((all) => expect(all.map((s) => s.certainty)).toEqual(['definite', 'definite']));
  });
});

describe('statement status', () => {
  const story = new Story();
  story.given([input.opened(), { ...input.statement('kept'), id: eventId(1) }, { ...input.statement('fixed'), id: eventId(2) }, { ...input.statement('withdrawn'), id: eventId(3) }]);
  story.given([input.corrected(eventId(2), { data: { text: 'fixed, corrected' } }), input.retracted(eventId(3))]);

  it('is current, corrected (with the corrected text) or retracted', () => {
    statements.given(story.at()).then((all) =>
      expect(all.map((s) => [s.text, s.status])).toEqual([
        ['kept', 'current'],
        ['fixed, corrected', 'corrected'],
        ['withdrawn', 'retracted'],
      ]),
    );
  });

  it('is current for all as known before the corrections', () => {
    statements.given(story.at('2030', story.events[3]!.recordedAt)).then((all) => expect(all.map((s) => s.status)).toEqual(['current', 'current', 'current']));
  });
});

describe('statement filters', () => {
  const story = new Story('eu-anthropic');
  story.given([
    input.opened(),
    { ...input.statement('Anthropic has not yet offered direct access.', { occurredAt: '2026-05-11' }), id: eventId(1) },
    { ...input.statement('Four to five meetings.', { occurredAt: '2026-04', data: { speaker: { name: 'European Commission', org: 'European Commission' }, kind: 'quote' } }), id: eventId(2) },
    { ...input.statement('Les règles européennes s’appliquent.', { occurredAt: '2026-05-20T10:00:00+02:00', data: { speaker: { name: 'Zoë Ångström', org: 'Agence Française' } } }), id: eventId(3) },
    { ...input.statement('Access, swiftly!', { occurredAt: '2026', data: { speaker: { name: 'ANA RUIZ' } } }), id: eventId(4) },
  ]);
  story.given([input.retracted(eventId(4))]);
  const all: readonly Statement[] = statementsOf(story.at(), endOf('2030'));
  const matching = (filter: StatementFilter) => all.filter((s) => statementMatches(s, filter)).map((s) => s.eventId);

  it.each<[string, StatementFilter, string[]]>([
    ['no filter: retracted left out', {}, [eventId(2), eventId(1), eventId(3)]],
    ['includeRetracted', { includeRetracted: true }, [eventId(4), eventId(2), eventId(1), eventId(3)]],
    ['speaker, a substring in any case', { speaker: 'regnier' }, [eventId(1)]],
    ['speaker, accents folded', { speaker: 'zoe angstrom' }, [eventId(3)]],
    ['speaker, accents in the query folded too', { speaker: 'ÅNGSTRÖM' }, [eventId(3)]],
    ['speaker matching none', { speaker: 'Altman' }, []],
    ['org, case-insensitive', { org: 'european commission' }, [eventId(2), eventId(1)]],
    ['org, accent-insensitive', { org: 'francaise' }, [eventId(3)]],
    ['org on a statement without org', { org: 'ruiz', includeRetracted: true }, []],
    ['q, every word in any order', { q: 'access direct' }, [eventId(1)]],
    ['q, folded and punctuation ignored', { q: 'REGLES, europeennes' }, [eventId(3)]],
    ['q, one word missing', { q: 'access indirect' }, []],
    ['q on a retracted statement only with includeRetracted', { q: 'swiftly', includeRetracted: true }, [eventId(4)]],
    ['negotiation', { negotiation: 'eu-anthropic' }, [eventId(2), eventId(1), eventId(3)]],
    ['another negotiation', { negotiation: 'eu-openai' }, []],
    ['from: occurredAt starts at or after', { from: intervalOf('2026-05-11').start }, [eventId(1), eventId(3)]],
    ['from: a month that starts before is out', { from: intervalOf('2026-04-02').start }, [eventId(1), eventId(3)]],
    ['to: occurredAt ends at or before', { to: endOf('2026-05-11') }, [eventId(2), eventId(1)]],
    ['to: the end of the day in UTC, offsets converted', { to: endOf('2026-05-20') }, [eventId(2), eventId(1), eventId(3)]],
    ['to: before the instant in UTC', { to: Date.parse('2026-05-20T07:59:59.999Z') }, [eventId(2), eventId(1)]],
    ['from and to together', { from: intervalOf('2026-05-01').start, to: endOf('2026-05-31') }, [eventId(1), eventId(3)]],
    ['a coarse statement only once its interval fits', { to: endOf('2026-12-30'), includeRetracted: true }, [eventId(2), eventId(1), eventId(3)]],
    ['all filters together', { speaker: 'thomas', org: 'commission', q: 'anthropic', negotiation: 'eu-anthropic', from: intervalOf('2026-05').start, to: endOf('2026-05') }, [eventId(1)]],
  ])('%s', (_label, filter, expected) => {
    expect(matching(filter)).toEqual(expected);
  });
});

describe('replaying the same events twice', () => {
  it('gives identical statements (deep-equal and identical JSON)', () => {
    const story = new Story();
    story.given([input.opened(), { ...input.statement('a'), id: eventId(1) }, input.statement('b', { occurredAt: '2026-05' })]);
    story.given([input.corrected(eventId(1), { data: { text: 'a2' } })]);
    const first = statementsOf(story.at(), endOf('2030')).map(presentStatement);
    const second = statementsOf(story.at(), endOf('2030')).map(presentStatement);
    expect(second).toEqual(first);
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});

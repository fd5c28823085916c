import type { EffectiveEvent } from '../../projections/effectiveEvent.js';
import type { DecisionState } from '../domain/decisionState.js';
import { UnreadableEventError } from '../errors.js';
import type { RecordedEvent } from '../events/recordedEvent.js';
import { StreamView } from '../replay/streamView.js';
import type { AppendProjector, EventStore } from '../store/eventStore.js';
import type { ReadChange, ReadModel, StreamSpan } from '../store/readModel.js';
import type { StreamCache } from './streamCache.js';
import { StreamSpans } from './streamSpans.js';
import { Yielder } from './yieldToEventLoop.js';
import { streamRows, supersededBy, touchedAll, touchedBy } from './streamRows.js';

/** Progress of a catch-up or rebuild: streams done of those to do. */
export type ProjectionProgress = (done: number, total: number) => void;

export interface ProjectionOptions {
  /** No request waits on this process (a CLI import or rebuild): long transactions, which commit far less often. */
  readonly alone?: boolean;
}

/** A query projects up to this many streams behind before it answers; more are projected in the background. */
const INLINE_STREAMS = 20;

/** How many rows one transaction of a catch-up writes at most (bar one stream's): short, so other requests go on between them. */
const ROWS_PER_TRANSACTION = 200;
/** The same when no request waits: a commit costs far more than a row. */
const ROWS_PER_TRANSACTION_ALONE = 5_000;

/**
 * Keeps a store's read model (CONTRACT §4.1) an index of the replay. An append hands the store
 * a projector that works out the rows from the cached stream inside the append's transaction,
 * so a 201 is visible to the next query. A stream the cache cannot answer for there (not
 * cached, or recorded out of order) is left behind, as imports leave theirs, and `catchUp`
 * reads it from the store and projects it, from the revision the read model covers.
 */
export class ReadProjector {
  private readonly spans = new StreamSpans();
  /** A catch-up of many streams, running while queries replay the log. */
  private background: Promise<number> | undefined;
  /** Streams holding a row that cannot be read back: passed over until the process starts again (/health reports them). */
  private readonly unreadable = new Set<string>();

  constructor(
    private readonly store: EventStore,
    private readonly cache: StreamCache<DecisionState>,
  ) {}

  get readModel(): ReadModel | undefined {
    return this.store.readModel;
  }

  /** The projector for one append to `negotiationId`; undefined on a store without a read model. */
  forAppend(negotiationId: string): AppendProjector | undefined {
    if (!this.store.readModel) return undefined;
    return (recorded) => {
      const first = recorded[0];
      if (!first) return undefined;
      const entry = this.cache.peek(negotiationId);
      if (entry ? entry.view.lastRevision !== first.revision - 1 : first.revision !== 0) return undefined;
      const before = entry ? targetsBefore(entry.view, recorded) : undefined;
      const recordedBefore = entry?.view.lastRecordedMs ?? Number.NEGATIVE_INFINITY;
      this.cache.absorbOpening(negotiationId, recorded);
      const view = this.cache.peek(negotiationId)?.view;
      if (!view || view.lastRevision !== recorded[recorded.length - 1]!.revision) return undefined;
      const recordedAt = Math.max(...recorded.map((e) => Date.parse(e.recordedAt)));
      // Recorded before what the stream already holds (another clock): its past readings change too; a catch-up resets the stream.
      if (recordedAt < recordedBefore) return undefined;
      return this.changeOf(view, recorded, before, recordedAt, first.revision - 1);
    };
  }

  /**
   * Whether the read model covers the log, so that a query may read it: a few streams behind
   * (another process's appends) are projected at once; many (an import, a store from an older
   * Parley) are projected in the background meanwhile, and the query replays the log instead.
   */
  async ready(): Promise<boolean> {
    const readModel = this.store.readModel;
    if (!readModel) return false;
    if (this.background) return false;
    const behind = (await readModel.behind()).filter((stream) => !this.unreadable.has(stream.negotiationId));
    if (behind.length === 0) return true;
    if (behind.length <= INLINE_STREAMS) {
      await this.catchUp();
      return true;
    }
    this.background = this.catchUp().finally(() => {
      this.background = undefined;
    });
    this.background.catch(() => undefined); // the next query tries again
    return false;
  }

  /** Projects every stream the read model is behind on; returns how many. */
  async catchUp(progress?: ProjectionProgress, options: ProjectionOptions = {}): Promise<number> {
    const readModel = this.store.readModel;
    if (!readModel) return 0;
    const behind = (await readModel.behind()).filter((stream) => !this.unreadable.has(stream.negotiationId));
    const rowsPerTransaction = options.alone ? ROWS_PER_TRANSACTION_ALONE : ROWS_PER_TRANSACTION;
    let changes: ReadChange[] = [];
    let rows = 0;
    const yielder = new Yielder();
    for (let done = 0; done < behind.length; done++) {
      await yielder.step(); // other requests go on between streams
      const { negotiationId, revision } = behind[done]!;
      const events = await this.store.readStream(negotiationId).catch((error: unknown) => {
        if (!(error instanceof UnreadableEventError)) throw error;
        this.unreadable.add(negotiationId); // /health reports it; the others still answer
        return [];
      });
      if (events.length > revision + 1) {
        // A long stream makes many changes: they are written as they come, a transaction at a time, other requests let in between.
        for (const change of this.changesFor(negotiationId, events, revision)) {
          changes.push(change);
          rows += change.rows.length;
          if (rows >= rowsPerTransaction) {
            await readModel.applyChanges(changes);
            changes = [];
            rows = 0;
          }
          await yielder.step();
        }
      }
      if (done === behind.length - 1 && changes.length > 0) await readModel.applyChanges(changes);
      progress?.(done + 1, behind.length);
    }
    return behind.length;
  }

  /** Forgets the read model and projects every stream again (resumable: a rebuild cut short goes on with `catchUp`). */
  async rebuild(progress?: ProjectionProgress, options: ProjectionOptions = {}): Promise<number> {
    const readModel = this.store.readModel;
    if (!readModel) return 0;
    await readModel.clearReadModel();
    return this.catchUp(progress, options);
  }

  /**
   * The changes that bring a stream's rows from revision `covered` to its last: one per
   * transaction time, in order, as if each had been appended then. A stream whose recordedAt
   * go back somewhere is worked out again whole, one reading per recordedAt.
   */
  *changesFor(negotiationId: string, events: readonly RecordedEvent[], covered: number): Generator<ReadChange> {
    if (!recordedInOrder(events)) {
      const view = new StreamView(negotiationId);
      view.append(events);
      yield* this.resetChanges(view, covered);
      return;
    }
    const replay = new StreamView(negotiationId);
    replay.append(events.slice(0, covered + 1));
    for (let from = covered + 1; from < events.length; ) {
      let to = from + 1;
      while (to < events.length && events[to]!.recordedAt === events[from]!.recordedAt) to++;
      const group = events.slice(from, to);
      const before = targetsBefore(replay, group);
      replay.append(group);
      yield this.changeOf(replay, group, before, Date.parse(group[0]!.recordedAt), from - 1);
      from = to;
    }
  }

  private *resetChanges(view: StreamView, covered: number): Generator<ReadChange> {
    const log = view.log;
    const times = [...new Set(log.map((e) => Date.parse(e.recordedAt)))].sort((a, b) => a - b);
    const revision = log.length - 1;
    const span = spanOf(this.spans.of(view));
    for (const [index, knownAt] of times.entries()) {
      const touched = touchedAll(view.effective(knownAt));
      yield {
        negotiationId: view.negotiationId,
        reset: index === 0,
        streamNo: log[0]!.position,
        recordedAt: knownAt,
        supersede: supersededBy(touched, true),
        rows: streamRows(view, knownAt, touched),
        revision,
        after: index === 0 ? covered : revision,
        span,
      };
    }
  }

  private changeOf(view: StreamView, added: readonly RecordedEvent[], before: Map<string, EffectiveEvent> | undefined, recordedAt: number, after: number): ReadChange {
    const touched = touchedBy(added, (id) => before?.get(id), (id) => view.find(id, Number.POSITIVE_INFINITY));
    return {
      negotiationId: view.negotiationId,
      streamNo: view.log[0]!.position,
      recordedAt,
      supersede: supersededBy(touched),
      rows: streamRows(view, Number.POSITIVE_INFINITY, touched),
      revision: view.lastRevision,
      after,
      span: spanOf(this.spans.of(view)),
    };
  }
}

/** The readings, before `added` are applied, of the events they correct or retract. */
function targetsBefore(view: StreamView, added: readonly RecordedEvent[]): Map<string, EffectiveEvent> | undefined {
  let targets: Map<string, EffectiveEvent> | undefined;
  for (const event of added) {
    if (event.type !== 'EventCorrected' && event.type !== 'EventRetracted') continue;
    const targetId = (event.data as { targetEventId: string }).targetEventId;
    const reading = view.find(targetId, Number.POSITIVE_INFINITY);
    if (reading) (targets ??= new Map()).set(targetId, reading);
  }
  return targets;
}

function recordedInOrder(events: readonly RecordedEvent[]): boolean {
  for (let i = 1; i < events.length; i++) if (events[i]!.recordedAt < events[i - 1]!.recordedAt && Date.parse(events[i]!.recordedAt) < Date.parse(events[i - 1]!.recordedAt)) return false;
  return true;
}

function spanOf(span: { occurredFrom: StreamSpan['occurredFrom']; occurredTo: StreamSpan['occurredTo']; recordedFrom: StreamSpan['recordedFrom']; recordedTo: StreamSpan['recordedTo'] }): StreamSpan {
  return { occurredFrom: span.occurredFrom, occurredTo: span.occurredTo, recordedFrom: span.recordedFrom, recordedTo: span.recordedTo };
}

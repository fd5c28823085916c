import type { RebuildStatus } from '../answers/rebuildStatus.js';
import type { ProjectionProgress } from './readProjector.js';

/**
 * One rebuild of the read model at a time, run in the background of a server: asking again
 * while one runs answers its progress. A rebuild that stops half way (a crash, a restart)
 * leaves the streams it did not reach behind, and the next query or rebuild goes on from there.
 */
export class RebuildJob {
  private status: RebuildStatus = { state: 'idle', done: 0, total: 0, startedAt: null, finishedAt: null, error: null };

  constructor(
    private readonly rebuild: (progress: ProjectionProgress) => Promise<number>,
    private readonly now: () => number,
  ) {}

  get current(): RebuildStatus {
    return this.status;
  }

  /** Starts a rebuild unless one is running; the status either way. */
  start(): RebuildStatus {
    if (this.status.state === 'running') return this.status;
    this.status = { state: 'running', done: 0, total: 0, startedAt: new Date(this.now()).toISOString(), finishedAt: null, error: null };
    this.rebuild((done, total) => {
      this.status = { ...this.status, done, total };
    }).then(
      (total) => {
        this.status = { ...this.status, state: 'done', done: total, total, finishedAt: new Date(this.now()).toISOString() };
      },
      (error: unknown) => {
        this.status = { ...this.status, state: 'failed', finishedAt: new Date(this.now()).toISOString(), error: error instanceof Error ? error.message : String(error) };
      },
    );
    return this.status;
  }
}

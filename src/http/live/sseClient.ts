import type { Response } from 'express';
import type { RecordedEvent } from '../../events/recordedEvent.js';

/** One Server-Sent Events frame for a recorded event (CONTRACT §4). */
export function eventFrame(event: RecordedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * One connected `/events/live` client. Its connection buffer is bounded: a frame is written
 * only while less than `maxBuffer` bytes wait unsent, so a slow reader holds at most that
 * much memory and never makes anyone wait. A client whose buffer is full falls behind (the
 * hub lets it catch up from the store once it drains); one that stays full is disconnected.
 */
export class SseClient {
  /** The last global position this client has been sent (or resumes after). */
  last: number;
  /** False while it catches up from the store; true while it takes the live fan-out. */
  live = false;
  /** When it began waiting for its buffer to drain (epoch ms); undefined while it is not waiting. */
  waitingSince: number | undefined;
  private closed = false;

  constructor(
    private readonly res: Response,
    after: number,
    private readonly maxBuffer: number,
    onClose: () => void,
  ) {
    this.last = after;
    res.on('close', () => {
      this.closed = true;
      onClose();
    });
  }

  get open(): boolean {
    return !this.closed && !this.res.destroyed;
  }

  get full(): boolean {
    return this.res.writableLength >= this.maxBuffer;
  }

  /** Sends an event the client has not had; false when its buffer is full (nothing written). */
  send(position: number, frame: string): boolean {
    if (position <= this.last) return true;
    if (!this.write(frame)) return false;
    this.last = position;
    return true;
  }

  /** Moves past positions it gets no frame for (rows that cannot be read back). */
  skipTo(position: number): void {
    if (position > this.last) this.last = position;
  }

  comment(text: string): boolean {
    return this.write(`: ${text}\n\n`);
  }

  /** Settles once the buffer has drained below half its bound (or the client is gone). */
  async drained(now: () => number): Promise<void> {
    if (!this.open || this.res.writableLength < this.maxBuffer / 2) return;
    this.waitingSince = now();
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
    this.waitingSince = undefined;
  }

  end(): void {
    if (this.open) this.res.end();
  }

  /** Cuts the connection: the client reconnects and resumes with Last-Event-ID. */
  drop(): void {
    this.res.destroy();
  }

  private write(text: string): boolean {
    if (!this.open || this.full) return false;
    this.res.write(text);
    return true;
  }
}

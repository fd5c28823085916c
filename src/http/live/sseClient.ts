import type { Response } from 'express';
import type { RecordedEvent } from '../../events/recordedEvent.js';

/** One Server-Sent Events frame for a recorded event (CONTRACT §4). */
export function eventFrame(event: RecordedEvent): string {
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * One connected `/events/live` client. It never blocks anyone: once more than `maxBuffer`
 * bytes wait in its connection's buffer, it is disconnected, and resumes with Last-Event-ID.
 */
export class SseClient {
  /** The last global position this client has been sent (or resumes after). */
  last: number;
  /** False while it catches up from the store; true once it takes the live fan-out. */
  live = false;
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

  /** Sends an event unless the client has it already; false when the client was dropped. */
  send(position: number, frame: string): boolean {
    if (position <= this.last) return this.open;
    if (!this.write(frame)) return false;
    this.last = position;
    return true;
  }

  comment(text: string): boolean {
    return this.write(`: ${text}\n\n`);
  }

  /** Settles once the connection's buffer has room again (or the client is gone). */
  async drained(): Promise<void> {
    if (!this.open || this.res.writableLength < this.maxBuffer / 2) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.res.off('drain', done);
        this.res.off('close', done);
        resolve();
      };
      this.res.on('drain', done);
      this.res.on('close', done);
    });
  }

  end(): void {
    if (this.open) this.res.end();
  }

  private write(text: string): boolean {
    if (!this.open) return false;
    if (this.res.writableLength > this.maxBuffer) {
      // A stalled reader: let it go rather than hold memory or anyone else up.
      this.res.destroy();
      return false;
    }
    this.res.write(text);
    return true;
  }
}

export interface LiveLimits {
  /** Live-feed connections a server holds at most. */
  readonly maxConnections: number;
  /** Live-feed connections one token holds at most (without a token: one client address). */
  readonly maxPerClient: number;
}

/** Why a connection was not admitted. */
export type LiveRefusal = 'server' | 'client';

/** Counts the open live-feed connections, for the server and per client, against their caps. */
export class LiveAdmission {
  private total = 0;
  private readonly perClient = new Map<string, number>();

  constructor(private readonly limits: LiveLimits) {}

  get size(): number {
    return this.total;
  }

  /** Takes a place for `client`: its release (call it once the connection closes), or why there is none. */
  admit(client: string): { release: () => void } | { refused: LiveRefusal } {
    if (this.total >= this.limits.maxConnections) return { refused: 'server' };
    const held = this.perClient.get(client) ?? 0;
    if (held >= this.limits.maxPerClient) return { refused: 'client' };
    this.total++;
    this.perClient.set(client, held + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = (this.perClient.get(client) ?? 1) - 1;
        if (left === 0) this.perClient.delete(client);
        else this.perClient.set(client, left);
      },
    };
  }
}

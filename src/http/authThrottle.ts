export interface AuthThrottleOptions {
  /** Failed authentications an address may make in one window before it is refused. */
  readonly maxFailures: number;
  /** The window opens at an address's first failure; once it has passed, the count starts again. */
  readonly windowMs: number;
  /** Addresses remembered at most; past that the oldest windows are forgotten first. */
  readonly maxAddresses: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = { maxFailures: 20, windowMs: 60_000, maxAddresses: 10_000 };

interface Window {
  readonly opened: number;
  failures: number;
}

/**
 * Failed authentications per client address, so tokens cannot be guessed at speed: an
 * address that failed `maxFailures` times is refused (429) until its window has passed,
 * whatever it presents, and before any token is compared. A success resets nothing: the
 * count is the address's, and it may be shared.
 */
export class AuthThrottle {
  /** In the order the windows opened, so the oldest (and the expired) come first. */
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.windows.size;
  }

  /** Milliseconds until the address may try again; 0 when it may now. */
  waitFor(address: string): number {
    const window = this.windows.get(address);
    if (!window) return 0;
    const left = window.opened + this.options.windowMs - this.now();
    if (left <= 0) {
      this.windows.delete(address);
      return 0;
    }
    return window.failures >= this.options.maxFailures ? left : 0;
  }

  failed(address: string): void {
    const now = this.now();
    const window = this.windows.get(address);
    if (window && now - window.opened < this.options.windowMs) {
      window.failures++;
      return;
    }
    this.windows.delete(address);
    this.makeRoom(now);
    this.windows.set(address, { opened: now, failures: 1 });
  }

  private makeRoom(now: number): void {
    for (const [address, window] of this.windows) {
      if (this.windows.size < this.options.maxAddresses && now - window.opened < this.options.windowMs) return;
      this.windows.delete(address);
    }
  }
}

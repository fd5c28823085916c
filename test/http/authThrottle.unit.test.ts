import { describe, expect, it } from 'vitest';
import { AuthThrottle } from '../../src/http/authThrottle.js';

function throttleAt(options: { maxFailures: number; windowMs: number; maxAddresses: number }) {
  const clock = { now: 1_000_000 };
  return { clock, throttle: new AuthThrottle(options, () => clock.now) };
}

describe('an address that fails to authenticate', () => {
  it('may try again until its burst is used up, then waits for the rest of its window', () => {
    const { clock, throttle } = throttleAt({ maxFailures: 3, windowMs: 60_000, maxAddresses: 100 });
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitFor('10.0.0.1')).toBe(0);
      throttle.failed('10.0.0.1');
      clock.now += 1_000;
    }
    expect(throttle.waitFor('10.0.0.1')).toBe(57_000);
    expect(throttle.waitFor('10.0.0.2')).toBe(0);
    clock.now += 57_000;
    expect(throttle.waitFor('10.0.0.1')).toBe(0);
    throttle.failed('10.0.0.1');
    expect(throttle.waitFor('10.0.0.1')).toBe(0);
  });
});

describe('failures from more addresses than the throttle remembers', () => {
  it('keeps at most maxAddresses, forgetting expired windows first, then the oldest', () => {
    const { clock, throttle } = throttleAt({ maxFailures: 1, windowMs: 10_000, maxAddresses: 3 });
    throttle.failed('a');
    clock.now += 6_000;
    throttle.failed('b');
    throttle.failed('c');
    clock.now += 5_000; // a's window has passed
    throttle.failed('d');
    expect(throttle.size).toBe(3);
    expect([throttle.waitFor('b'), throttle.waitFor('c'), throttle.waitFor('d')].every((ms) => ms > 0)).toBe(true);
    for (let i = 0; i < 10_000; i++) throttle.failed(`spray-${i}`);
    expect(throttle.size).toBe(3);
    expect(throttle.waitFor('spray-9999')).toBeGreaterThan(0);
  });
});

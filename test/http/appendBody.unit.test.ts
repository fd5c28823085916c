import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../../src/events/eventInput.js';
import { AppendBody } from '../../src/http/routes/appendRoute.js';
import * as input from '../support/inputs.js';

describe('AppendBody', () => {
  it('accepts one event or a batch of 1 to 1,000', () => {
    expect(AppendBody.safeParse(input.meeting()).success).toBe(true);
    expect(AppendBody.safeParse([input.meeting()]).success).toBe(true);
    expect(AppendBody.safeParse(Array.from({ length: MAX_BATCH }, () => input.meeting())).success).toBe(true);
  });

  it('rejects an empty batch and a batch over 1,000', () => {
    expect(AppendBody.safeParse([]).success).toBe(false);
    expect(AppendBody.safeParse(Array.from({ length: MAX_BATCH + 1 }, () => input.meeting())).success).toBe(false);
  });

  it('rejects a batch with one bad event', () => {
    expect(AppendBody.safeParse([input.meeting(), { ...input.meeting(), occurredAt: 'soon' }]).success).toBe(false);
  });
});

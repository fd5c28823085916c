import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../web/src/api.js';

/** A client whose server answers every GET with an empty list, recording each query string asked. */
function client() {
  const asked: string[] = [];
  const fetchFn = (async (input: string | URL | Request) => {
    asked.push(new URL(String(input), 'http://parley.test').search);
    return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const api = new ApiClient({ current: () => undefined, ask: () => Promise.reject(new Error('no token wanted')) }, fetchFn, 'http://parley.test');
  return { api, asked };
}

describe("the dashboard's reads before it has seen any event's position", () => {
  it('name no minPosition', async () => {
    const { api, asked } = client();
    await api.listNegotiations({ asOf: '2026-05-11' });
    expect(asked).toEqual(['?asOf=2026-05-11']);
  });
});

describe("the dashboard's reads after the position of an event", () => {
  it('ask for the highest position seen on every later read', async () => {
    const { api, asked } = client();
    api.readAfter(7);
    await api.dashboard({ asOf: '2026-05-11' });
    api.readAfter(5); // older than what was seen: the floor stays
    await api.access({});
    api.readAfter(9);
    await api.timeline('eu-openai-gpt-5-5-cyber', {});
    expect(asked).toEqual(['?asOf=2026-05-11&minPosition=7', '?minPosition=7', '?minPosition=9']);
  });

  it('ignore a position that is no whole number, which the server would refuse', async () => {
    const { api, asked } = client();
    api.readAfter(Number.NaN);
    api.readAfter(-1);
    await api.statements({});
    api.readAfter(3);
    api.readAfter(2.5);
    await api.statements({});
    expect(asked).toEqual(['', '?minPosition=3']);
  });
});

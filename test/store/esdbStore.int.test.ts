import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DuplicateEventIdError, StoreUnavailableError } from '../../src/errors.js';
import { NO_STREAM, type RecordedEvent } from '../../src/events/recordedEvent.js';
import { EsdbEventStore } from '../../src/store/esdbStore.js';
import { openStore } from '../../src/store/openStore.js';
import { chain, following, meeting, negotiationId, newStream, opening } from './eventChain.js';
import { EVENTSTORE_24_10, KURRENTDB, startEsdb, type EsdbImage, type EsdbTarget } from './esdbTarget.js';
import { describeStoreContract } from './storeContract.js';
import { readOnChange } from './readOnChange.js';
import { closedPort, TcpProxy } from './tcpProxy.js';

/** One container per image for the whole file: tests keep apart by their own negotiation ids. */
const started = new Map<EsdbImage, Promise<EsdbTarget>>();
const target = (image: EsdbImage): Promise<EsdbTarget> => {
  let promise = started.get(image);
  if (!promise) started.set(image, (promise = startEsdb(image)));
  return promise;
};

afterAll(async () => {
  for (const promise of started.values()) {
    const resolved = await promise;
    if ('stop' in resolved) await resolved.stop();
  }
});

for (const [label, image] of [
  ['EventStoreDB 24.10', EVENTSTORE_24_10],
  ['KurrentDB', KURRENTDB],
] as const) {
  describeStoreContract(label, async () => {
    const resolved = await target(image);
    if ('skip' in resolved) return resolved;
    const store = await EsdbEventStore.open(resolved.url);
    return { store, cleanup: () => store.close() };
  });
}

describe('the EventStoreDB store URL pointing at a closed port', () => {
  it('fails to open with StoreUnavailableError, through openStore too', async () => {
    const port = await closedPort();
    await expect(EsdbEventStore.open(`esdb://127.0.0.1:${port}?tls=false`)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(openStore(`esdb://127.0.0.1:${port}?tls=false`)).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});

describe('the EventStoreDB store with two Parley processes', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length > 0) await cleanups.pop()!();
  });

  let warned = false;
  async function server(context: { skip: (note?: string) => void }): Promise<Extract<EsdbTarget, { url: string }>> {
    const resolved = await target(EVENTSTORE_24_10);
    if ('skip' in resolved) {
      if (!warned) console.warn(`skipping the EventStoreDB adapter tests: ${resolved.skip}`);
      warned = true;
      context.skip(resolved.skip);
      throw new Error('unreachable');
    }
    return resolved;
  }

  async function open(url: string): Promise<EsdbEventStore> {
    const store = await EsdbEventStore.open(url);
    cleanups.push(() => store.close());
    return store;
  }

  it('refuses an id the other process stored in another stream', async (context) => {
    const { url } = await server(context);
    const [a, b] = [await open(url), await open(url)];
    const [one, two] = [negotiationId('dup-a'), negotiationId('dup-b')];
    const stored = await a.append(one, NO_STREAM, newStream(one));
    await expect(b.append(two, NO_STREAM, chain(two, [{ ...opening(), id: stored[0]!.id }]))).rejects.toBeInstanceOf(
      DuplicateEventIdError,
    );
    expect(await b.head(two)).toBeUndefined();
  });

  it('tells a subscriber of one about appends made through the other', async (context) => {
    const { url } = await server(context);
    const [writer, reader] = [await open(url), await open(url)];
    const id = negotiationId('across');
    const subscriber = readOnChange(reader, await reader.lastPosition());
    const heard = (): RecordedEvent[] => subscriber.heard.filter((event) => event.negotiationId === id);
    await reader.listening();
    const opened = await writer.append(id, NO_STREAM, newStream(id, 2));
    await vi.waitFor(() => expect(heard()).toStrictEqual(opened), { timeout: 15_000 });
  });

  it('resubscribes after its connection drops and hears what was appended meanwhile', async (context) => {
    const { url, host, port } = await server(context);
    const proxy = await new TcpProxy(host, port).start();
    cleanups.push(() => proxy.stop());
    const viaProxy = await open(`esdb://127.0.0.1:${proxy.port}?tls=false`);
    const direct = await open(url);
    const id = negotiationId('drop');
    const subscriber = readOnChange(viaProxy, await viaProxy.lastPosition());
    const heard = (): string[] => subscriber.heard.filter((event) => event.negotiationId === id).map((event) => event.id);
    const opened = await viaProxy.append(id, NO_STREAM, newStream(id));
    await vi.waitFor(() => expect(heard()).toHaveLength(1), { timeout: 15_000 });

    await proxy.cut();
    await expect(viaProxy.readStream(id)).rejects.toBeInstanceOf(StoreUnavailableError);
    const meanwhile = await direct.append(id, 0, following(opened, [meeting(1)]));
    await proxy.restore();
    const after = await direct.append(id, 1, following(meanwhile, [meeting(2)]));
    await vi.waitFor(() => expect(heard()).toEqual([...opened, ...meanwhile, ...after].map((event) => event.id)), { timeout: 30_000 });
  });
});

/** An EventStoreDB-compatible server in a container: its URL, host and port, and how to stop it. */
export type EsdbTarget = { url: string; host: string; port: number; stop: () => Promise<void> } | { skip: string };

export interface EsdbImage {
  /** Image names to try in turn (the first that starts is used). */
  readonly names: readonly string[];
  /** Environment variable prefix of the server's settings. */
  readonly prefix: 'EVENTSTORE' | 'KURRENTDB';
}

export const EVENTSTORE_24_10: EsdbImage = { names: ['eventstore/eventstore:24.10'], prefix: 'EVENTSTORE' };
export const KURRENTDB: EsdbImage = {
  names: ['docker.kurrent.io/kurrent-latest/kurrentdb:latest', 'kurrentplatform/kurrentdb:latest'],
  prefix: 'KURRENTDB',
};

const GRPC_PORT = 2113;

/** Why no container can run here, or undefined when a container runtime answers. */
export async function containerRuntimeMissing(): Promise<string | undefined> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no container runtime is available (${(error as Error).message})`;
  }
}

/**
 * Starts a single insecure node in memory. With no container runtime, or when none of the
 * image names can be started, says why instead.
 */
export async function startEsdb(image: EsdbImage): Promise<EsdbTarget> {
  const missing = await containerRuntimeMissing();
  if (missing) return { skip: missing };
  const { GenericContainer, Wait } = await import('testcontainers');
  const failures: string[] = [];
  for (const name of image.names) {
    try {
      const container = await new GenericContainer(name)
        .withEnvironment({
          [`${image.prefix}_INSECURE`]: 'true',
          [`${image.prefix}_MEM_DB`]: 'true',
          [`${image.prefix}_RUN_PROJECTIONS`]: 'None',
          [`${image.prefix}_CLUSTER_SIZE`]: '1',
          [`${image.prefix}_MAX_APPEND_SIZE`]: '8388608',
        })
        .withExposedPorts(GRPC_PORT)
        .withWaitStrategy(Wait.forHttp('/health/live', GRPC_PORT).forStatusCode(204))
        .withStartupTimeout(180_000)
        .start();
      const host = container.getHost();
      const port = container.getMappedPort(GRPC_PORT);
      return { url: `esdb://${host}:${port}?tls=false`, host, port, stop: async () => void (await container.stop()) };
    } catch (error) {
      failures.push(`${name}: ${(error as Error).message}`);
    }
  }
  return { skip: `could not start ${failures.join('; ')}` };
}

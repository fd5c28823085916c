import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A PostgreSQL server to test against: its admin URL, and how to let it go. */
export type PostgresTarget = { adminUrl: string; stop: () => Promise<void> } | { skip: string };

/**
 * PARLEY_TEST_POSTGRES_URL when set, else a throwaway PostgreSQL in a container, else the
 * reason neither is possible.
 */
export async function postgresTarget(): Promise<PostgresTarget> {
  const fromEnv = process.env.PARLEY_TEST_POSTGRES_URL;
  if (fromEnv) return { adminUrl: fromEnv, stop: async () => undefined };
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch (error) {
    return { skip: `PARLEY_TEST_POSTGRES_URL is not set and no container runtime is available (${(error as Error).message})` };
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine').start();
  return { adminUrl: container.getConnectionUri(), stop: async () => void (await container.stop()) };
}

/** A fresh, empty database on the target, and a function that drops it. */
export async function freshDatabase(adminUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `parley_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

export async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

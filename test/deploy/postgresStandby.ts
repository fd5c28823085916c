import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const TOOLS = ['initdb', 'pg_ctl', 'pg_basebackup'] as const;

/** A PostgreSQL primary and its streaming hot standby, each a cluster of its own in a temp folder, on free ports. */
export interface StandbyPair {
  readonly primaryUrl: string;
  readonly standbyUrl: string;
  /** Stops the standby alone (fast shutdown). */
  stopStandby(): Promise<void>;
  /** Stops both clusters and removes their folder. */
  stop(): Promise<void>;
}

/**
 * Makes a primary with `initdb` and a standby of it with `pg_basebackup -R`, and starts
 * both, listening on 127.0.0.1 only, with their sockets in their own folder: the machine's
 * own PostgreSQL and its configuration are never touched. As root (initdb refuses root) the
 * binaries run as the `postgres` user. Says why instead when the binaries are missing.
 */
export async function startStandbyPair(): Promise<StandbyPair | { skip: string }> {
  const bin = postgresBinaries();
  if (typeof bin !== 'string') return bin;
  const owner = await clusterOwner();
  if ('skip' in owner) return owner;

  const dir = mkdtempSync(join(tmpdir(), 'parley-standby-'));
  if (owner.ids) chownSync(dir, owner.ids.uid, owner.ids.gid);
  const pg = (tool: (typeof TOOLS)[number], args: string[]) => {
    const command = [...owner.prefix, join(bin, tool), ...args];
    return run(command[0]!, command.slice(1), { cwd: dir, timeout: 60_000 });
  };
  const primary = { data: join(dir, 'primary'), log: join(dir, 'primary.log'), port: await freePort() };
  const standby = { data: join(dir, 'standby'), log: join(dir, 'standby.log'), port: await freePort() };
  const serverOptions = (port: number) => `-c port=${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  const start = (cluster: typeof primary) => pg('pg_ctl', ['start', '-w', '-t', '60', '-D', cluster.data, '-l', cluster.log, '-o', serverOptions(cluster.port)]);
  const stopCluster = (cluster: typeof primary, mode: 'fast' | 'immediate') =>
    existsSync(join(cluster.data, 'postmaster.pid')) ? pg('pg_ctl', ['stop', '-w', '-m', mode, '-D', cluster.data]).then(() => undefined, () => undefined) : Promise.resolve();
  const stop = async () => {
    await stopCluster(standby, 'immediate');
    await stopCluster(primary, 'immediate');
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await pg('initdb', ['-D', primary.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start(primary);
    // -R writes primary_conninfo and standby.signal; -c fast: do not wait for a spread checkpoint.
    await pg('pg_basebackup', ['-D', standby.data, '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-R', '-X', 'stream', '-c', 'fast']);
    await start(standby);
  } catch (error) {
    const logs = [primary.log, standby.log].filter(existsSync).map((log) => `${log}:\n${readFileSync(log, 'utf8').slice(-2_000)}`);
    await stop();
    throw new Error(`could not start a PostgreSQL primary and standby: ${(error as Error).message}\n${logs.join('\n')}`, { cause: error });
  }
  const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
  return { primaryUrl: url(primary.port), standbyUrl: url(standby.port), stopStandby: () => stopCluster(standby, 'fast'), stop };
}

/** The newest /usr/lib/postgresql/<version>/bin holding every tool, else a folder on PATH that does; or why there is none. */
function postgresBinaries(): string | { skip: string } {
  const hasTools = (folder: string) => TOOLS.every((tool) => existsSync(join(folder, tool)));
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : [];
  const candidates = [...versions.map((version) => join(root, version, 'bin')), ...pathFolders()];
  return candidates.find(hasTools) ?? { skip: `no ${TOOLS.join(', ')} found (looked in ${root}/*/bin and on PATH); Debian's postgresql package provides them` };
}

/** Who runs the clusters: this user, or, as root, `postgres` through runuser. */
async function clusterOwner(): Promise<{ prefix: string[]; ids?: { uid: number; gid: number } } | { skip: string }> {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const runuser = onPath('runuser');
  if (!runuser) return { skip: 'running as root, and there is no runuser to run initdb as the postgres user (initdb refuses root)' };
  try {
    const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    return { prefix: [runuser, '-u', 'postgres', '--'], ids: { uid, gid } };
  } catch {
    return { skip: 'running as root, and there is no postgres user to run initdb as (initdb refuses root)' };
  }
}

function pathFolders(): string[] {
  return (process.env.PATH ?? '').split(delimiter).filter(Boolean);
}

function onPath(tool: string): string | undefined {
  return pathFolders().map((folder) => join(folder, tool)).find((path) => existsSync(path));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

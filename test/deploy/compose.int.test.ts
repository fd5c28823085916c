import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));

/** `docker compose` (the v2 plugin) when installed, else the standalone `docker-compose`, else why neither runs. */
async function composeCommand(): Promise<string[] | { skip: string }> {
  const failures: string[] = [];
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      await run(command[0]!, [...command.slice(1), 'version'], { timeout: 30_000 });
      return command;
    } catch (error) {
      failures.push(`${command.join(' ')}: ${((error as Error).message.split('\n')[0] ?? '').trim()}`);
    }
  }
  return { skip: `no Compose command available (${failures.join('; ')}); Debian's docker-compose package provides one` };
}

async function compose(command: string[], args: string[]): Promise<string> {
  const { stdout } = await run(command[0]!, [...command.slice(1), ...args], { cwd: root, timeout: 60_000 });
  return stdout;
}

describe('docker-compose.yml', () => {
  let command: string[] | { skip: string };

  beforeAll(async () => {
    command = await composeCommand();
    if ('skip' in command) console.warn(`skipping the Compose file checks: ${command.skip}`);
  });

  function commandOrSkip(context: { skip: (note?: string) => void }): string[] {
    if ('skip' in command) {
      context.skip(command.skip);
      return [];
    }
    return command;
  }

  describe('with the default profile', () => {
    it('is valid and runs Parley with EventStoreDB and PostgreSQL', async (context) => {
      const compose_ = commandOrSkip(context);
      await expect(compose(compose_, ['config', '-q'])).resolves.toBe('');
      const services = (await compose(compose_, ['config', '--services'])).split('\n').filter(Boolean);
      expect(services).toEqual(expect.arrayContaining(['eventstore', 'parley', 'postgres']));
    });
  });

  describe('with the cluster profile', () => {
    it('is valid and adds three EventStoreDB nodes and a Parley on them', async (context) => {
      const compose_ = commandOrSkip(context);
      await expect(compose(compose_, ['--profile', 'cluster', 'config', '-q'])).resolves.toBe('');
      const services = (await compose(compose_, ['--profile', 'cluster', 'config', '--services'])).split('\n').filter(Boolean);
      expect(services).toEqual(
        expect.arrayContaining(['eventstore', 'postgres', 'parley', 'esdb-node1', 'esdb-node2', 'esdb-node3', 'parley-cluster']),
      );
    });
  });
});

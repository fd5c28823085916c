import type { Command } from 'commander';

/** `parley serve [--port] [--host] [--store]`: the HTTP API and the dashboard (src/http). */
export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the HTTP API and the dashboard')
    .option('--port <port>', 'port to listen on (PORT, default 3000; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (HOST, default 127.0.0.1)')
    .option('--store <url>', 'store URL (PARLEY_STORE, default sqlite:./data/parley.db)')
    .action(() => {
      throw new Error('serve is not available yet');
    });
}

import { writeFileSync } from 'node:fs';

/**
 * Preloaded (`node --import`) into a bench child: at exit, writes the process's peak RSS in
 * kilobytes to the file named by PARLEY_BENCH_RSS_FILE, so the parent reads the child's own
 * peak whatever the child is (the `parley` CLI, Emmett) and whether or not /usr/bin/time exists.
 */
const file = process.env.PARLEY_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

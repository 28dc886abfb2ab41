/**
 * The disk's flush latency while a fan-out step runs: every 50 ms, one 8 kB write and
 * `fdatasync` of a file in bench/.data (on this machine the same disk as PostgreSQL's WAL), as
 * PostgreSQL flushes its WAL at each COMMIT. A chat message is stored (and committed) before it
 * is broadcast, so a slow flush delays every message waiting for it; the bare server stores
 * nothing. `collect` answers the slowest and the 99th percentile flush since the last collect.
 */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize } from '../lib/stats.mjs';
import { serveCommands } from './child-commands.mjs';

const file = join(process.env.PROBE_DIR, `disk-probe-${process.pid}`);
const fd = openSync(file, 'w');
const page = Buffer.alloc(8192, 1);
let flushes = [];

const probe = () => {
  const start = performance.now();
  writeSync(fd, page, 0, page.length, 0);
  fdatasyncSync(fd);
  flushes.push(performance.now() - start);
  timer = setTimeout(probe, 50);
};
let timer = setTimeout(probe, 50);

serveCommands({
  collect() {
    const { count, p99, max } = summarize(flushes);
    flushes = [];
    return { count, p99, max };
  },
  close() {
    clearTimeout(timer);
    closeSync(fd);
    rmSync(file, { force: true });
    return { ok: true };
  },
});

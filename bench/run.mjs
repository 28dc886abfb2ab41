#!/usr/bin/env node
/**
 * `npm run bench -- [--quick] [--only <scenarios>] [--embedded]`: builds the service, makes sure
 * the bench database holds the generated data, runs the scenarios of issue 13 (each beside its
 * baseline, measured in the same run on the same data), prints a Markdown table and writes it to
 * bench/results/latest.md (and <mode>-<database>.md, .json). Exits non-zero only when the suite
 * itself fails (a missed target is a finding, not a failure).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, SCENARIOS } from './lib/options.mjs';
import { BENCH_JWT_SECRET, gqlOk, PROBE, startService, stopService } from './lib/app.mjs';
import { prepareDataset } from './lib/dataset.mjs';
import pg from 'pg';
import { freePort, ROOT, settle, sleep, startNode, waitUntil } from './lib/proc.mjs';
import { machineInfo, renderReport } from './lib/report.mjs';
import { BENCH_PASSWORD, benchEmail, isPublicThread, VIEWER_USER } from './data/model.mjs';

const SCENARIO_MODULES = {
  1: './scenarios/1-floor.mjs',
  2: './scenarios/2-thread-list.mjs',
  3: './scenarios/3-thread-page.mjs',
  4: './scenarios/4-post-reply.mjs',
  5: './scenarios/5-search.mjs',
  6: './scenarios/6-fanout.mjs',
  7: './scenarios/7-memory.mjs',
  8: './scenarios/8-startup.mjs',
  9: './scenarios/9-fanout-two.mjs',
};

const log = (...args) => console.log(...args);

/** Waits (at most a minute) until no other session of the bench database runs a statement. */
async function databaseIdle(url) {
  const client = new pg.Client({ connectionString: url, application_name: 'asgm-bench' });
  await client.connect();
  try {
    for (let i = 0; i < 240; i++) {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`);
      if (rows[0].n === 0) return;
      await sleep(250);
    }
  } finally {
    await client.end();
  }
}

async function main() {
  const started = new Date();
  const opts = parseArgs(process.argv.slice(2));
  const selected = SCENARIOS.filter((s) => !opts.only || opts.only.has(s.id));
  const command = `npm run bench --${process.argv.slice(2).map((a) => ` ${a}`).join('')}`;
  const notes = [];
  const rows = [];
  const ctx = {
    opts,
    log,
    note: (text) => notes.push(text),
    service: null,
    publicThreads: Array.from({ length: opts.sizes.threads }, (_, i) => i + 1).filter(isPublicThread).length,
  };

  if (opts.build) {
    log('building (npm run build) …');
    const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}\n${build.stderr}`);
  }
  try {
    ctx.pgbenchVersion = opts.embedded ? null : execFileSync('pgbench', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    ctx.pgbenchVersion = null;
  }
  const machine = await machineInfo(ctx);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB, Node ${machine.node}, ${machine.database}`);

  /** Helper processes (baselines) with the probe preloaded; resolves once `ready(baseUrl)` holds. */
  ctx.startHelper = async (name, script, env, ready) => {
    const port = await freePort();
    const proc = startNode(name, join(ROOT, script), { nodeArgs: ['--expose-gc', '-r', PROBE], env: { ...env, PORT: String(port) } });
    const baseUrl = `http://127.0.0.1:${port}`;
    await waitUntil(proc, () => ready(baseUrl), { what: 'ready', timeoutMs: 300_000 });
    return { proc, baseUrl, pid: proc.pid };
  };
  ctx.startRawForum = () =>
    ctx.startHelper(
      'raw-forum',
      'bench/baselines/raw-forum.mjs',
      { JWT_SECRET: BENCH_JWT_SECRET, ...(opts.embedded ? { DATA_DIR: ctx.dataDir } : { DATABASE_URL: ctx.dbUrl }) },
      async (url) => (await fetch(`${url}/health`)).status === 200,
    );
  /** Waits until `pid` (and, on the server, the bench database's sessions) are idle again. */
  ctx.settle = async (pid) => {
    if (pid) await settle([pid]);
    if (!opts.embedded && ctx.dbUrl) await databaseIdle(ctx.dbUrl);
  };
  ctx.stopService = async () => {
    await stopService(ctx.service);
    ctx.service = null;
  };
  ctx.restartService = async () => {
    await ctx.stopService();
    ctx.service = await startService(ctx);
  };
  /** Runs `fn` while the database is free for a baseline: in embedded mode the service holds PGlite, so it stops meanwhile. */
  ctx.withDatabaseFree = async (fn) => {
    if (!opts.embedded) return fn();
    await stopService(ctx.service);
    ctx.service = null;
    try {
      return await fn();
    } finally {
      ctx.service = await startService(ctx);
    }
  };

  let failure = null;
  try {
    if (selected.some((s) => s.id !== 8)) {
      ctx.datasetLine = await prepareDataset(ctx, log);
      log(ctx.datasetLine);
      ctx.service = await startService(ctx);
      log(`service answering at ${ctx.service.baseUrl} after ${(ctx.service.startMs / 1000).toFixed(1)} s`);
      // the generated accounts sign in with the copied password hash
      await gqlOk(ctx.service.baseUrl, `mutation($input: LoginInput!) { login(input: $input) { user { id } } }`, { input: { email: benchEmail(VIEWER_USER), password: BENCH_PASSWORD } });
    } else {
      ctx.datasetLine = 'no data needed';
    }
    for (const s of selected) {
      log(`\n[${s.id}] ${s.title} …`);
      const t0 = Date.now();
      const scenario = (await import(SCENARIO_MODULES[s.id])).default;
      const produced = await scenario.run(ctx);
      rows.push(...produced);
      for (const r of produced) log(`  ${r.id} ${r.name}\n     ours: ${r.ours}\n     base: ${r.baseline}\n     ratio ${r.ratio?.toFixed(2) ?? '–'} target ${r.target} met ${r.met}`);
      log(`  (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
  } catch (err) {
    failure = err;
    notes.push(`**The run failed**: ${String(err?.message ?? err).split('\n')[0]}`);
  } finally {
    await stopService(ctx.service);
  }

  const finished = new Date();
  const report = renderReport({ machine, ctx: { ...ctx, datasetLine: ctx.datasetLine ?? 'not prepared' }, rows, notes, started, finished, command });
  log(`\n${report}`);
  // a complete run is the result of record; a partial one (--only) goes to bench/.data unless --out says where
  const name = `${opts.mode}-${opts.embedded ? 'embedded' : 'server'}`;
  const files = opts.only && !opts.outGiven ? [join('bench', '.data', 'last-run.md')] : [...new Set([opts.out, ...(opts.only ? [] : [join('bench', 'results', `${name}.md`)])])];
  for (const file of files) {
    // relative to the repository, or absolute
    mkdirSync(dirname(resolve(ROOT, file)), { recursive: true });
    writeFileSync(resolve(ROOT, file), report);
  }
  if (!opts.only) writeFileSync(join(ROOT, 'bench', 'results', `${name}.json`), JSON.stringify({ command, machine, started, finished, rows, notes }, null, 2) + '\n');
  log(`written: ${files.join(', ')}${opts.only ? '' : `, bench/results/${name}.json`}`);
  if (failure) {
    console.error(failure);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

/** The Markdown report: machine, data, the table (ours, baseline, ratio, target, met) and notes. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { int, ms, num } from './stats.mjs';
import { ROOT } from './proc.mjs';
import { serviceSettings } from './app.mjs';

/** The settings BENCH_SERVICE_ENV gave the service, for the run's description. */
const settingsNote = () => {
  const set = Object.entries(serviceSettings());
  return set.length ? `, and ${set.map(([k, v]) => `${k}=${v}`).join(' ')} (BENCH_SERVICE_ENV)` : '';
};

/** A load figure: `1,234 req/s · p50 4.1 ms · p99 12 ms · n=9,876` (and errors when there were any). */
export function loadCell(r, unit = 'req/s', { p95 = false } = {}) {
  if (!r) return '–';
  const parts = [`${num(r.rps)} ${unit}`, `p50 ${ms(r.p50)}`];
  if (p95) parts.push(`p95 ${ms(r.p95)}`);
  parts.push(`p99 ${ms(r.p99)}`, `n=${int(r.ok)}`);
  if (r.errors) parts.push(`**${int(r.errors)} errors**`);
  return parts.join(' · ');
}

export const ratioOf = (ours, baseline) => (ours && baseline && baseline > 0 ? ours / baseline : null);

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export async function machineInfo(ctx) {
  const cpus = os.cpus();
  let database;
  if (ctx.opts.embedded) {
    database = `embedded PGlite ${JSON.parse(readFileSync(join(ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8')).version}`;
  } else {
    const client = new pg.Client({ connectionString: ctx.opts.pgUrl });
    await client.connect();
    try {
      const v = (await client.query('SHOW server_version')).rows[0].server_version;
      database = `PostgreSQL ${v} server`;
    } finally {
      await client.end();
    }
  }
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    ramGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    database,
    pgbench: ctx.pgbenchVersion ?? null,
    commit: commit ? `${commit}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
    os: `${os.type()} ${os.release()}`,
  };
}

const MET = { true: '✅', false: '❌', null: '–' };
const cell = (s) => String(s ?? '–').replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderReport({ machine, ctx, rows, notes, started, finished, command }) {
  const lines = [];
  lines.push(`# Benchmarks: ${ctx.opts.mode} run${ctx.opts.embedded ? ', embedded database' : ''}`);
  lines.push('');
  lines.push(`\`${command}\` — ${started.toISOString().replace(/\.\d+Z$/, 'Z')}, ${Math.round((finished - started) / 1000)} s, commit ${machine.commit}`);
  lines.push('');
  lines.push(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGb} GB RAM, ${machine.os}; Node ${machine.node}; ${machine.database}${machine.pgbench ? `; ${machine.pgbench}` : ''}.`);
  lines.push(`Data: ${Object.entries(ctx.opts.sizes).map(([k, v]) => `${int(v)} ${k}`).join(', ')} (${ctx.datasetLine}).`);
  lines.push(`Load: autocannon in the bench process on the same machine; ${ctx.opts.duration} s per measurement, after an unrecorded warm-up and once the processes are idle again; the service runs as \`node dist/src/main.js\` with NODE_ENV=production, LOG_LEVEL=${ctx.opts.logLevel}, rate limits off${ctx.opts.redisUrl ? ', Redis' : ', no Redis'}${settingsNote()}. Ratio: ours ÷ baseline (for times and memory: baseline ÷ ours), so 1.0 is the floor and higher is better.`);
  lines.push('');
  lines.push('| # | scenario | ours | baseline (same run, same data) | ratio | target | met |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    lines.push(`| ${r.id} | ${cell(r.name)} | ${cell(r.ours)} | ${cell(r.baseline)} | ${r.ratio === null || r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`} | ${cell(r.target)} | ${MET[String(r.met ?? null)]} |`);
  }
  if (notes.length) {
    lines.push('');
    lines.push('Notes:');
    for (const n of notes) lines.push(`- ${n}`);
  }
  lines.push('');
  return lines.join('\n');
}

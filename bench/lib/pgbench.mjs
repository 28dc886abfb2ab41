/** pgbench runs (extended query protocol, as node-postgres speaks it), with every transaction's latency from its log. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DATA } from './proc.mjs';
import { summarize } from './stats.mjs';

/**
 * scripts: [{ file, weight }]; seconds (-T) or transactions per client (-t); defines: -D name=value.
 * Returns { rps, ok, errors, count, p50, p95, p99, seconds, perScript: [{ p50, p95, p99, count }] }.
 */
export async function runPgbench({ url, scripts, clients, seconds, transactions, defines = {} }) {
  mkdirSync(join(DATA, 'tmp'), { recursive: true });
  const dir = mkdtempSync(join(DATA, 'tmp', 'pgbench-'));
  const args = [
    '-n',
    '-c', String(clients),
    '-j', String(Math.min(2, clients)),
    '-M', 'extended',
    '-l', `--log-prefix=${join(dir, 'log')}`,
    ...(seconds ? ['-T', String(seconds)] : ['-t', String(transactions)]),
    ...scripts.flatMap((s) => ['-f', `${s.file}@${s.weight ?? 1}`]),
    ...Object.entries(defines).flatMap(([k, v]) => ['-D', `${k}=${v}`]),
    url,
  ];
  const output = await new Promise((resolve, reject) => {
    // the session settings the service's connections open with (src/platform/database/typeorm-options.ts)
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PGOPTIONS: '-c jit=off' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`pgbench exited with ${code}:\n${out.slice(-2000)}`))));
  });
  const latencies = [];
  const perScript = scripts.map(() => []);
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 6) continue;
      const ms = Number(f[2]) / 1000;
      latencies.push(ms);
      perScript[Number(f[3])]?.push(ms);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1] ?? NaN);
  const processed = Number(/number of transactions actually processed: (\d+)/.exec(output)?.[1] ?? 0);
  const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
  const elapsed = processed && tps ? processed / tps : null;
  return { ...summarize(latencies), rps: tps, ok: processed - failed, errors: failed, seconds: elapsed, perScript: perScript.map(summarize) };
}

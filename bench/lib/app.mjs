/** The service under test, run as `npm start` runs it (node dist/src/main.js), configured by env. */
import { join } from 'node:path';
import { ask, freePort, ROOT, startNode, stop, waitUntil } from './proc.mjs';

export const PROBE = join(ROOT, 'bench', 'probe', 'sql-probe.cjs');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** The JWT secret of bench databases (they hold generated data only). */
export const BENCH_JWT_SECRET = 'bench-only-jwt-secret-0123456789abcdefghijklmnop';

/** The environment of the service in a bench run: production mode, rate limits off (a load test), no demo data. */
export function serviceEnv(ctx, extra = {}) {
  return {
    NODE_ENV: 'production',
    JWT_SECRET: BENCH_JWT_SECRET,
    ACCESS_TOKEN_TTL_SECONDS: '86400',
    SEED_DEMO: 'false',
    RATE_LIMITS_ENABLED: 'false',
    REQUIRE_EMAIL_VERIFICATION: 'false',
    LOG_LEVEL: ctx.opts.logLevel,
    LOG_FORMAT: 'json',
    CORS_ORIGINS: 'none',
    REDIS_URL: ctx.opts.redisUrl ?? undefined,
    ...(ctx.opts.embedded ? { DATA_DIR: ctx.dataDir } : { DATABASE_URL: ctx.dbUrl, DATA_DIR: ctx.dataDir }),
    ...extra,
  };
}

/** POSTs a GraphQL document; resolves with the parsed answer. */
export async function gql(baseUrl, query, variables = {}, token = null) {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`HTTP ${res.status} from ${baseUrl}/graphql: ${text.slice(0, 200)}`);
  }
}

/** Like gql, but throws on errors and returns data. */
export async function gqlOk(baseUrl, query, variables = {}, token = null) {
  const result = await gql(baseUrl, query, variables, token);
  if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors).slice(0, 500)}`);
  return result.data;
}

/** Whether the service answers GraphQL. */
export async function answers(baseUrl) {
  const res = await fetch(`${baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
  return res.status === 200 && (await res.json()).data?.__typename === 'Query';
}

/** BENCH_SERVICE_ENV as settings: `NAME=value` words (the run's notes name them). */
export function serviceSettings(env = process.env) {
  return Object.fromEntries(
    (env.BENCH_SERVICE_ENV ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((word) => {
        const at = word.indexOf('=');
        if (at < 1) throw new Error(`BENCH_SERVICE_ENV: "${word}" is not NAME=value`);
        return [word.slice(0, at), word.slice(at + 1)];
      }),
  );
}

/**
 * Starts the service (with the probe preloaded and --expose-gc, both inert unless the bench asks)
 * and waits until GraphQL answers. Returns { proc, baseUrl, port, startMs }.
 */
export async function startService(ctx, { name = 'service', env = {}, timeoutMs = 600_000 } = {}) {
  const port = await freePort();
  // BENCH_SERVICE_NODE_ARGS: extra Node options for the service, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile a scenario
  const extra = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  // BENCH_SERVICE_ENV: settings for the service, e.g. `REALTIME_BROADCAST_CHUNK=500 REALTIME_BROADCAST_TURN_MS=5` to measure them
  const settings = serviceSettings();
  const proc = startNode(name, MAIN, { nodeArgs: ['--expose-gc', ...extra, '-r', PROBE], env: { ...serviceEnv(ctx), PORT: String(port), ...settings, ...env } });
  const baseUrl = `http://127.0.0.1:${port}`;
  const startMs = await waitUntil(proc, () => answers(baseUrl), { timeoutMs, what: 'answering GraphQL' });
  return { proc, baseUrl, port, startMs, pid: proc.pid };
}

export const stopService = (service) => stop(service?.proc);

/**
 * The SQL statements the process sends while `action` runs (recorded by the probe). Repeated
 * `tries` times: background jobs may add statements to one try, so the try with the fewest is
 * kept; `stable` says whether every try sent as many.
 */
export async function captureStatements(proc, action, tries = 3) {
  const runs = [];
  for (let i = 0; i < tries; i++) {
    await ask(proc, { cmd: 'probe-arm' });
    let statements;
    try {
      await action(i);
      // after-commit work of the request may still be running: let it finish
      await new Promise((r) => setTimeout(r, 150));
    } finally {
      statements = (await ask(proc, { cmd: 'probe-disarm' })).statements;
    }
    runs.push(statements);
  }
  runs.sort((a, b) => a.length - b.length);
  return { statements: runs[0], stable: runs.every((r) => r.length === runs[0].length), counts: runs.map((r) => r.length) };
}

/** Memory of a probed process after a full garbage collection. */
export async function memoryOf(proc) {
  return (await ask(proc, { cmd: 'probe-memory' })).memory;
}

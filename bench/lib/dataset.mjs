/** The bench database: created, migrated by the service itself, filled by the generator once per version and size. */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { BENCH_PASSWORD } from '../data/model.mjs';
import { generate, generatorVersion, readMarker } from '../data/generate.mjs';
import { gqlOk, startService, stopService } from './app.mjs';
import { DATA, ROOT, startNode, stop, waitUntil } from './proc.mjs';

const require = createRequire(import.meta.url);
const EMBEDDED_CLI = join(ROOT, 'dist', 'src', 'platform', 'database', 'embedded-postgres.cli.js');

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { user { id } } }`;

/** Starts a PGlite of `pgDir` in its own process (the application's own CLI); resolves with { proc, url }. */
export async function startEmbeddedDatabase(pgDir, name = 'embedded-db') {
  const proc = startNode(name, EMBEDDED_CLI, { args: [pgDir], stdin: 'pipe' });
  let url = null;
  await waitUntil(
    proc,
    async () => {
      const line = readFileSync(proc.logFile, 'utf8').split('\n').find((l) => l.startsWith('{"url"'));
      url = line ? JSON.parse(line).url : null;
      return url !== null;
    },
    { what: 'serving the embedded database', timeoutMs: 300_000 },
  );
  return { proc, url };
}

/** Database name and URL for this mode on the server of `pgUrl`. */
function serverDatabase(opts) {
  const name = opts.quick ? 'asgm_bench_quick' : 'asgm_bench';
  const url = new URL(opts.pgUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, application_name: 'asgm-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const markerMatches = (marker, opts) => marker && marker.version === generatorVersion(opts.sizes) && !opts.regenerate;

/**
 * Makes sure the bench database holds the current generator's data for this size; sets
 * ctx.dbUrl (server mode) or ctx.dataDir (embedded mode). Returns a line for the report.
 */
export async function prepareDataset(ctx, log) {
  const { opts } = ctx;
  if (!opts.embedded) {
    const db = serverDatabase(opts);
    ctx.dbUrl = db.url;
    ctx.dataDir = join(DATA, `server-${opts.mode}`);
    mkdirSync(ctx.dataDir, { recursive: true });
    const exists = await withClient(opts.pgUrl, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [db.name])).rowCount > 0);
    const marker = exists ? await withClient(db.url, readMarker) : null;
    if (markerMatches(marker, opts)) return `database ${db.name}: generated ${new Date(marker.generated_at).toISOString()} in ${marker.seconds} s (reused)`;
    log(`generating the ${opts.mode} data set into ${db.name} …`);
    await withClient(opts.pgUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
      await c.query(`CREATE DATABASE "${db.name}"`);
    });
    const seconds = await migrateAndGenerate(ctx, db.url, {}, log);
    // The generation leaves a gigabyte of dirty pages that PostgreSQL and the kernel would write
    // out during the first measurements (meanwhile a WAL flush stalled for 208 ms in a fan-out
    // step): they go to disk now, before anything is measured.
    const flushed = Date.now();
    await withClient(opts.pgUrl, (c) => c.query('CHECKPOINT')).then(
      () => log(`  checkpoint after the generation: ${((Date.now() - flushed) / 1000).toFixed(1)} s`),
      // CHECKPOINT needs a superuser or pg_checkpoint: the kernel then writes the pages out when it will
      (err) => log(`  no checkpoint after the generation (${err.message})`),
    );
    return `database ${db.name}: generated now in ${seconds} s`;
  }

  ctx.dataDir = join(DATA, `embedded-${opts.mode}`);
  const pgDir = join(ctx.dataDir, 'pg');
  if (existsSync(pgDir)) {
    const embedded = await startEmbeddedDatabase(pgDir);
    try {
      const marker = await withClient(embedded.url, readMarker);
      if (markerMatches(marker, opts)) return `embedded data in ${relative(ROOT, ctx.dataDir)}: generated ${new Date(marker.generated_at).toISOString()} in ${marker.seconds} s (reused)`;
    } finally {
      await stop(embedded.proc);
    }
  }
  log(`generating the ${opts.mode} data set into ${pgDir} …`);
  rmSync(ctx.dataDir, { recursive: true, force: true });
  mkdirSync(ctx.dataDir, { recursive: true });
  const embedded = await startEmbeddedDatabase(pgDir);
  try {
    const seconds = await migrateAndGenerate(ctx, embedded.url, { DATABASE_URL: embedded.url }, log);
    return `embedded data in ${relative(ROOT, ctx.dataDir)}: generated now in ${seconds} s`;
  } finally {
    await stop(embedded.proc);
  }
}

/** The service migrates the empty database and seeds the topic tree; one account is registered through the API, then the generator runs. */
async function migrateAndGenerate(ctx, dbUrl, env, log) {
  const service = await startService(ctx, { name: 'service-migrate', env });
  let userId;
  try {
    const input = { email: 'bench-template@bench.example', password: BENCH_PASSWORD, displayName: 'Bench template', handle: 'bench-template' };
    userId = (await gqlOk(service.baseUrl, REGISTER, { input })).register.user.id;
  } finally {
    await stopService(service);
  }
  const { renderMarkdown } = require(join(ROOT, 'dist', 'src', 'forum', 'content', 'markdown.js'));
  return withClient(dbUrl, async (client) => {
    const passwordHash = (await client.query('SELECT password_hash FROM users WHERE id = $1', [userId])).rows[0].password_hash;
    return generate(client, { sizes: ctx.opts.sizes, passwordHash, renderMarkdown, log });
  });
}

/**
 * Baseline of scenario 8: the embedded database's own start (PGlite on DATA_DIR, served by
 * pglite-socket, as the service starts it) and one SQL answer over HTTP through `pg`: the floor
 * under the service's first GraphQL answer. PORT and DATA_DIR from the environment.
 */
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';

const require = createRequire(import.meta.url);
const root = new URL('../..', import.meta.url).pathname;
const { startEmbeddedPostgres } = require(join(root, 'dist', 'src', 'platform', 'database', 'embedded-postgres.js'));

const embedded = await startEmbeddedPostgres(join(process.env.DATA_DIR, 'pg'));
const pool = new pg.Pool({ connectionString: embedded.url, max: 2 });
createServer(async (_req, res) => {
  const { rows } = await pool.query('SELECT 1 AS one');
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: rows[0] }));
}).listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', async () => {
  await pool.end();
  await embedded.stop();
  process.exit(0);
});

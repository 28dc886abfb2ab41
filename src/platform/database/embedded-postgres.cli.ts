/**
 * Runs an embedded PostgreSQL in its own process and prints `{"url": ..., "socketPath": ...}` on
 * stdout (a Unix socket: the URL's host is the socket's directory, as `pg` reads it).
 * Tests start one per test file (PGlite cannot be imported inside jest's VM).
 * Usage: node -r ts-node/register/transpile-only src/database/embedded-postgres.cli.ts [dataDir]
 */
import { EmbeddedDatabaseLockedError } from './embedded-lock';
import { startEmbeddedPostgres } from './embedded-postgres';

async function main(): Promise<void> {
  const embedded = await startEmbeddedPostgres(process.argv[2] || null);
  process.stdout.write(JSON.stringify({ url: embedded.url, socketPath: embedded.socketPath }) + '\n');
  const stop = () => void embedded.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Die with the parent: when stdin closes, the test process is gone.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((err) => {
  // another process serves the data directory: one line, no stack
  process.stderr.write((err instanceof EmbeddedDatabaseLockedError ? err.message : String(err?.stack ?? err)) + '\n');
  process.exit(1);
});

import { mkdirSync } from 'node:fs';
import { withProtocolAffinity } from './pglite-protocol-affinity';

export interface EmbeddedPostgres {
  /** A postgres:// URL the ordinary `pg` driver connects to. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PGlite (PostgreSQL compiled to WASM) and serves it on a loopback port with
 * pglite-socket, so that the application talks to it through the same `pg` driver as to
 * a real server: one code path. `dataDir` null keeps the database in memory (tests).
 *
 * pglite-socket multiplexes every client onto one PostgreSQL session: keep no session
 * state (no SET, no temp tables) and never use a second connection inside a transaction.
 */
export async function startEmbeddedPostgres(dataDir: string | null, port = 0): Promise<EmbeddedPostgres> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir ?? undefined);
  const server = new PGLiteSocketServer({ db: withProtocolAffinity(db), host: '127.0.0.1', port, maxConnections: 64 });
  await server.start();
  const address = server.getServerConn();
  let stopped = false;
  return {
    url: `postgres://postgres@${address}/postgres`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
    },
  };
}

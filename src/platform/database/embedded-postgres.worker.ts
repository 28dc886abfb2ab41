/**
 * The embedded PostgreSQL's own thread (started by `startEmbeddedPostgres`): PGlite and its
 * socket server run here, so that the database's work (WASM) and the application's JavaScript
 * use two cores instead of taking turns on one event loop — the first start's initdb runs
 * while the application's code loads, and every query runs beside the service's own work.
 *
 * Messages: to the parent `{ url }` once serving, or `{ error }`; from the parent `'stop'`
 * (closes the server and the database, then the thread ends).
 */
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { withProtocolAffinity } from './pglite-protocol-affinity';
import { seedDataDirFromTemplate, templateTarball } from './embedded-postgres-template';

export interface EmbeddedPostgresWorkerData {
  dataDir: string | null;
  port: number;
}

async function serve({ dataDir, port }: EmbeddedPostgresWorkerData): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // a first start copies a ready initialised cluster (embedded-postgres-template.ts) instead of
  // running initdb; an in-memory database loads it as a tarball
  if (dataDir && !seedDataDirFromTemplate(dataDir)) mkdirSync(dataDir, { recursive: true });
  const db = dataDir ? await PGlite.create(dataDir) : await PGlite.create({ loadDataDir: templateTarball() });
  const server = new PGLiteSocketServer({ db: withProtocolAffinity(db), host: '127.0.0.1', port, maxConnections: 64 });
  await server.start();
  parentPort!.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await server.stop();
      await db.close();
      // ends this thread only, not the process
      process.exit(0);
    })();
  });
  parentPort!.postMessage({ url: `postgres://postgres@${server.getServerConn()}/postgres` });
}

serve(workerData as EmbeddedPostgresWorkerData).catch((err: unknown) => {
  parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
});

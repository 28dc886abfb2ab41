/**
 * The embedded PostgreSQL's own thread (started by `startEmbeddedPostgres`): PGlite and its
 * socket server run here, so that the database's work (WASM) and the application's JavaScript
 * use two cores instead of taking turns on one event loop — the first start's initdb runs
 * while the application's code loads, and every query runs beside the service's own work.
 *
 * It serves on a Unix socket in a directory only this user may enter (embedded-socket.ts), never
 * on a TCP port.
 *
 * Messages: to the parent `{ url, socketPath }` once serving, or `{ error }`; from the parent
 * `'stop'` (closes the server, removes the socket, closes the database, then the thread ends).
 */
import { mkdirSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { withProtocolAffinity } from './pglite-protocol-affinity';
import { seedDataDirFromTemplate, templateTarball } from './embedded-postgres-template';
import { prepareSocketDir, removeLeftoverSocket, removeSocket, restrictSocket, socketUrl } from './embedded-socket';

export interface EmbeddedPostgresWorkerData {
  dataDir: string | null;
  /** Where the socket goes (null: a temporary directory); see prepareSocketDir. */
  socketDir: string | null;
}

export interface EmbeddedPostgresReady {
  url: string;
  socketPath: string;
}

async function serve({ dataDir, socketDir }: EmbeddedPostgresWorkerData): Promise<void> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  // the parent holds the data directory's lock (embedded-lock.ts): what a killed process left
  // here (its socket file, its temporary socket directory) is stale, removed without asking
  const socket = prepareSocketDir(socketDir);
  let server: InstanceType<typeof PGLiteSocketServer>;
  let db: InstanceType<typeof PGlite> | undefined;
  try {
    removeLeftoverSocket(socket.path);
    // a first start copies a ready initialised cluster (embedded-postgres-template.ts) instead of
    // running initdb; an in-memory database loads it as a tarball
    if (dataDir && !seedDataDirFromTemplate(dataDir)) mkdirSync(dataDir, { recursive: true });
    db = dataDir ? await PGlite.create(dataDir) : await PGlite.create({ loadDataDir: templateTarball() });
    server = new PGLiteSocketServer({ db: withProtocolAffinity(db), path: socket.path, maxConnections: 64 });
    await server.start();
    restrictSocket(socket);
  } catch (err) {
    await db?.close().catch(() => undefined);
    if (socket.temporary) removeSocket(socket);
    throw err;
  }
  const opened = db;
  parentPort!.on('message', (message) => {
    if (message !== 'stop') return;
    void (async () => {
      await server.stop();
      removeSocket(socket);
      await opened.close();
      // ends this thread only, not the process
      process.exit(0);
    })();
  });
  const ready: EmbeddedPostgresReady = { url: socketUrl(socket), socketPath: socket.path };
  parentPort!.postMessage(ready);
}

serve(workerData as EmbeddedPostgresWorkerData).catch((err: unknown) => {
  parentPort!.postMessage({ error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
});

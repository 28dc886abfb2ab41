import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { EmbeddedPostgresReady, EmbeddedPostgresWorkerData } from './embedded-postgres.worker';
import { DataDirLock, lockDataDir } from './embedded-lock';
import { socketDirFor } from './embedded-socket';

export interface EmbeddedPostgres {
  /** A postgres:// URL the ordinary `pg` driver connects to (the socket's directory as its host). */
  url: string;
  /** The Unix socket it serves on (removed at stop). */
  socketPath: string;
  stop(): Promise<void>;
}

/** The worker's file beside this one: compiled .js under dist/, .ts under ts-node. */
const WORKER_FILE = join(__dirname, `embedded-postgres.worker${extname(__filename)}`);

/**
 * Starts PGlite (PostgreSQL compiled to WASM) and serves it with pglite-socket on a Unix
 * socket, so that the application talks to it through the same `pg` driver as to a real
 * server: one code path. `dataDir` null keeps the database in memory (tests).
 *
 * No TCP port: the socket lives in `<dataDir>-socket/` (DATA_DIR/pg-socket), a directory only
 * this user may enter (0700, the socket 0600), or, when that path is too long for a socket
 * address or there is no data directory, in a fresh 0700 directory under the system's temporary
 * directory, removed at stop (embedded-socket.ts).
 *
 * One process per data directory: before the database opens (or is seeded), this process takes
 * the data directory's lock (embedded-lock.ts), held until stop and freed by the kernel if the
 * process dies; a second process is refused with EmbeddedDatabaseLockedError. With the lock
 * held, a socket (or temporary socket directory) left by a killed process is stale and removed.
 *
 * The database runs in its own worker thread (`embedded-postgres.worker.ts`): the call returns
 * a promise at once, and the caller's thread is free meanwhile (main loads the application
 * while a first start runs initdb). A database thread that dies takes the process with it,
 * as it did when PGlite ran on the main thread.
 *
 * pglite-socket multiplexes every client onto one PostgreSQL session: keep no session
 * state (no SET, no temp tables) and never use a second connection inside a transaction.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  const workerData: EmbeddedPostgresWorkerData = { dataDir, socketDir: dataDir === null ? null : socketDirFor(dataDir) };
  // before anything opens or seeds the data directory; rejects with EmbeddedDatabaseLockedError
  const lock = dataDir === null ? null : await lockDataDir(dataDir, workerData.socketDir!);
  try {
    return await runWorker(workerData, lock);
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

async function runWorker(workerData: EmbeddedPostgresWorkerData, lock: DataDirLock | null): Promise<EmbeddedPostgres> {
  const worker = new Worker(WORKER_FILE, { workerData });
  let stopping = false;
  const ready = await new Promise<EmbeddedPostgresReady>((resolve, reject) => {
    const failed = (err: Error) => {
      worker.off('exit', exited);
      reject(err);
    };
    const exited = (code: number) => failed(new Error(`the embedded PostgreSQL thread ended before serving (exit code ${code})`));
    worker.once('error', failed);
    worker.once('exit', exited);
    worker.once('message', (message: Partial<EmbeddedPostgresReady> & { error?: string }) => {
      worker.off('error', failed);
      worker.off('exit', exited);
      if (message.url && message.socketPath) resolve({ url: message.url, socketPath: message.socketPath });
      else {
        void worker.terminate();
        reject(new Error(`the embedded PostgreSQL did not start: ${message.error}`));
      }
    });
  });
  // from here on, a failure of the database thread is a failure of the process
  worker.on('error', (err) => {
    throw err;
  });
  worker.on('exit', (code) => {
    if (!stopping) throw new Error(`the embedded PostgreSQL thread ended unexpectedly (exit code ${code})`);
  });
  let stopped: Promise<void> | null = null;
  return {
    ...ready,
    stop() {
      stopping = true;
      stopped ??= new Promise<void>((resolve) => {
        // the lock last: the database is closed when the thread ends
        worker.once('exit', () => void Promise.resolve(lock?.release()).then(() => resolve()));
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}

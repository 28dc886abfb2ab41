import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { connect, createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fitsSocketAddress } from './embedded-socket';

/**
 * Another live process holds the data directory: two PGlite processes on one data directory
 * would corrupt it. One line, meant for the operator (main.ts prints it and exits 1).
 */
export class EmbeddedDatabaseLockedError extends Error {
  constructor(readonly dataDir: string) {
    super(`another process serves the embedded database of this DATA_DIR (${dataDir}): stop it, or give this one another DATA_DIR`);
    this.name = 'EmbeddedDatabaseLockedError';
  }
}

/** The data directory's lock, held until `release` or until the process ends (the kernel frees it). */
export interface DataDirLock {
  release(): Promise<void>;
}

/** The lock's name: the data directory's real path (links resolved), hashed. */
export function lockKey(dataDir: string): string {
  return createHash('sha256').update(realpathSync(dataDir)).digest('hex');
}

/** Linux's abstract socket of a data directory's lock: a name, no file (nothing is left after kill -9). */
export function abstractLockName(dataDir: string): string {
  return `\0asgm-exchange-${lockKey(dataDir)}`;
}

/**
 * Elsewhere (macOS, the BSDs: no abstract sockets), a socket file: `.lock` in the data
 * directory's private socket directory when its path fits in a socket address, else one named
 * after the data directory in the (per-user, on macOS) temporary directory.
 */
export function lockFilePath(dataDir: string, socketDir: string): string {
  const beside = join(socketDir, '.lock');
  if (fitsSocketAddress(beside)) return beside;
  return join(tmpdir(), `asgm-exchange-${lockKey(dataDir).slice(0, 32)}.lock`);
}

type ListenResult = { server: Server } | { code: string };

function tryListen(path: string): Promise<ListenResult> {
  return new Promise((resolve, reject) => {
    const server = createServer((connection) => connection.destroy());
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') resolve({ code: err.code });
      else reject(err);
    });
    server.listen(path, () => resolve({ server }));
  });
}

/** Whether a process listens on the socket file at `path`: only ECONNREFUSED (or the file gone) says no. */
function listenerAlive(path: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolve(false);
      else reject(err);
    });
  });
}

/** A lock file nobody listens on (its process was killed): gone, unless it is not a socket. */
function removeStaleLockFile(path: string): void {
  try {
    if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket: remove it to start the embedded database`);
    unlinkSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

function held(server: Server): DataDirLock {
  // the lock must not keep the process alive: it is released by the kernel when the process ends
  server.unref();
  let released: Promise<void> | null = null;
  return {
    release() {
      released ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return released;
    },
  };
}

/**
 * Takes the data directory's lock, atomically, before anything opens or seeds it; rejects with
 * EmbeddedDatabaseLockedError when another live process holds it. The directory is made if
 * missing (its real path names the lock).
 *
 * On Linux it is a listening socket in the abstract namespace: bind is atomic, EADDRINUSE means
 * a live process holds it, and the kernel frees the name when that process dies, kill -9
 * included. (An abstract name is per network namespace: processes in two containers with
 * separate network namespaces sharing one DATA_DIR do not see each other's lock.)
 *
 * Elsewhere it is a socket file (lockFilePath): a file left by a killed process is taken over
 * once a connection to it is refused. Two processes taking over the same stale file at the
 * same instant could both win; on Linux the abstract socket has no such window.
 */
export async function lockDataDir(dataDir: string, socketDir: string, platform = process.platform): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true });
  if (platform === 'linux') {
    const taken = await tryListen(abstractLockName(dataDir));
    if ('server' in taken) return held(taken.server);
    throw new EmbeddedDatabaseLockedError(dataDir);
  }
  const path = lockFilePath(dataDir, socketDir);
  // the socket directory, made 0700 (the temporary directory exists)
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  for (let attempt = 0; attempt < 2; attempt++) {
    const taken = await tryListen(path);
    if ('server' in taken) return held(taken.server);
    if (await listenerAlive(path)) break;
    removeStaleLockFile(path);
  }
  throw new EmbeddedDatabaseLockedError(dataDir);
}

import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Where the embedded PostgreSQL listens: a Unix socket, never a TCP port, in a directory only the
 * service's user may enter (0700; the socket itself 0600). PGlite has no authentication (it
 * accepts any user and password), so the directory's permissions are what keep other local
 * users out, as for a PostgreSQL server's socket directory. `pg` connects as libpq does: a host
 * that starts with `/` is the socket's directory, the file in it is `.s.PGSQL.<port>`.
 */
export const SOCKET_FILE = '.s.PGSQL.5432';

/**
 * The longest socket path this accepts, in bytes: `sun_path` holds 108 bytes on Linux and 104
 * on macOS and the BSDs, the terminating NUL included.
 */
export const MAX_SOCKET_PATH_BYTES = 103;

export interface SocketLocation {
  dir: string;
  /** dir/.s.PGSQL.5432 */
  path: string;
  /** A directory made for this start (removed at stop), rather than the one asked for. */
  temporary: boolean;
  /** For a temporary directory made in place of one asked for: the file that names it (removed at stop). */
  record?: string;
}

/** The socket directory of a data directory: its sibling `<dataDir>-socket` (DATA_DIR/pg-socket). */
export function socketDirFor(dataDir: string): string {
  return `${dataDir}-socket`;
}

/** Whether a socket file at `path` fits in a Unix socket address. */
export function fitsSocketAddress(path: string): boolean {
  return Buffer.byteLength(path) <= MAX_SOCKET_PATH_BYTES;
}

function fits(dir: string): boolean {
  return fitsSocketAddress(join(dir, SOCKET_FILE));
}

/**
 * Makes (or takes over) `dir` as a private socket directory: a real directory (not a link),
 * owned by this process's user, mode 0700 whatever it was before.
 */
function ownPrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) throw new Error(`the embedded database's socket directory ${dir} is not a directory`);
  if (process.getuid && stat.uid !== process.getuid()) {
    throw new Error(`the embedded database's socket directory ${dir} belongs to another user (uid ${stat.uid})`);
  }
  chmodSync(dir, 0o700);
}

/**
 * Where a temporary socket directory made in place of `preferred` is written down (beside it,
 * in DATA_DIR), so that the next start removes it when a killed process left it behind.
 */
export function temporaryDirRecord(preferred: string): string {
  return `${preferred}.location`;
}

/** The temporary directories this file makes: asgm-pg-XXXXXX under the temporary directory or /tmp. */
function isOurTemporaryDir(dir: string): boolean {
  if (!/^asgm-pg-[A-Za-z0-9]{6}$/.test(basename(dir)) || ![tmpdir(), '/tmp'].includes(dirname(dir))) return false;
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && (!process.getuid || stat.uid === process.getuid());
  } catch {
    return false;
  }
}

/** Removes the temporary socket directory a killed process left, as its record names it. */
function removeRecordedTemporaryDir(record: string): void {
  let previous: string;
  try {
    previous = readFileSync(record, 'utf8').trim();
  } catch {
    return; // none recorded: the last start stopped cleanly, or never used one
  }
  if (isOurTemporaryDir(previous)) rmSync(previous, { recursive: true, force: true });
  rmSync(record, { force: true });
}

/**
 * The socket's place: `preferredDir` when its socket path fits in a Unix socket address, else
 * (a long DATA_DIR, or no data directory: an in-memory database) a fresh 0700 directory under
 * the system's temporary directory (`mkdtemp`), removed at stop.
 *
 * Call it with the data directory's lock held (embedded-lock.ts): it then removes what a killed
 * process left, the temporary directory it recorded (a long DATA_DIR), which no live process uses.
 */
export function prepareSocketDir(preferredDir: string | null): SocketLocation {
  // absolute: `pg` reads a host as a socket directory only when it starts with '/'
  const preferred = preferredDir === null ? null : resolve(preferredDir);
  if (preferred !== null && fits(preferred)) {
    ownPrivateDir(preferred);
    return { dir: preferred, path: join(preferred, SOCKET_FILE), temporary: false };
  }
  const base = fits(join(tmpdir(), 'asgm-pg-XXXXXX')) ? tmpdir() : '/tmp';
  const record = preferred === null ? undefined : temporaryDirRecord(preferred);
  if (record) removeRecordedTemporaryDir(record);
  // mkdtemp makes the directory 0700, owned by this user, under a name nobody could have taken
  const dir = mkdtempSync(join(base, 'asgm-pg-'));
  if (record) {
    try {
      mkdirSync(dirname(record), { recursive: true });
      writeFileSync(record, `${dir}\n`, { mode: 0o600 });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }
  return { dir, path: join(dir, SOCKET_FILE), temporary: true, record };
}

/**
 * Removes the socket file a killed process left behind, so that it never blocks the next
 * start; refuses a path that is not a socket. Call it with the data directory's lock held
 * (embedded-lock.ts): no other live process serves there, so any socket file is stale.
 */
export function removeLeftoverSocket(path: string): void {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket: remove it to start the embedded database`);
  unlinkSync(path);
}

/** Once listening: the socket file for this user only (the directory already is). */
export function restrictSocket(location: SocketLocation): void {
  chmodSync(location.path, 0o600);
}

/** At stop: the socket file gone, and the directory too when it was made for this start. */
export function removeSocket(location: SocketLocation): void {
  rmSync(location.temporary ? location.dir : location.path, { recursive: true, force: true });
  if (location.record) rmSync(location.record, { force: true });
}

/** The `pg` connection string of the socket: its directory as the (percent-encoded) host, as libpq reads it. */
export function socketUrl(location: SocketLocation): string {
  return `postgres://postgres@${encodeURIComponent(location.dir)}/postgres`;
}

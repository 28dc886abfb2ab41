import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SOCKET_PATH_BYTES, prepareSocketDir, removeLeftoverSocket, removeSocket, SOCKET_FILE, socketUrl, temporaryDirRecord } from './embedded-socket';

const mode = (path: string) => statSync(path).mode & 0o777;

/** A socket file nobody answers on: what a `kill -9` leaves (the listener dies before unlinking). */
function staleSocket(path: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
}

describe('embedded database socket (embedded-socket.ts)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'asgm-sock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('puts the socket in the asked directory, made 0700 and owned by this user even when it existed open', () => {
    const dir = join(root, 'pg-socket');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const location = prepareSocketDir(dir);
    expect(location).toEqual({ dir, path: join(dir, SOCKET_FILE), temporary: false });
    expect(mode(dir)).toBe(0o700);
    expect(statSync(dir).uid).toBe(process.getuid!());
    expect(socketUrl(location)).toBe(`postgres://postgres@${encodeURIComponent(dir)}/postgres`);
  });

  it('falls back to a fresh 0700 directory under the temporary directory when the path is too long for a socket, and removes it at stop', () => {
    const long = join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES), 'pg-socket');
    const location = prepareSocketDir(long);
    try {
      expect(location.temporary).toBe(true);
      expect(location.dir.startsWith(join(tmpdir(), 'asgm-pg-'))).toBe(true);
      expect(Buffer.byteLength(location.path)).toBeLessThanOrEqual(MAX_SOCKET_PATH_BYTES);
      expect(mode(location.dir)).toBe(0o700);
      expect(existsSync(long)).toBe(false);
    } finally {
      removeSocket(location);
    }
    expect(existsSync(location.dir)).toBe(false);
  });

  it('uses a temporary directory for an in-memory database', () => {
    const location = prepareSocketDir(null);
    try {
      expect(location.temporary).toBe(true);
      expect(mode(location.dir)).toBe(0o700);
    } finally {
      removeSocket(location);
    }
  });

  it('removes a leftover socket without asking (the lock decides), refuses a file that is not a socket', () => {
    const location = prepareSocketDir(join(root, 'pg-socket'));
    staleSocket(location.path);
    expect(lstatSync(location.path).isSocket()).toBe(true);
    removeLeftoverSocket(location.path);
    expect(existsSync(location.path)).toBe(false);

    writeFileSync(location.path, 'not a socket');
    expect(() => removeLeftoverSocket(location.path)).toThrow(/not a socket/);
    expect(existsSync(location.path)).toBe(true);
    // nothing there: nothing to do
    rmSync(location.path);
    expect(() => removeLeftoverSocket(location.path)).not.toThrow();
  });

  it('records a temporary socket directory beside the one asked for, and the next start removes the one a killed process left', () => {
    const long = join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES), 'pg-socket');
    const killed = prepareSocketDir(long);
    // kill -9: nothing removed
    expect(readFileSync(temporaryDirRecord(long), 'utf8').trim()).toBe(killed.dir);
    const next = prepareSocketDir(long);
    try {
      expect(existsSync(killed.dir)).toBe(false);
      expect(next.dir).not.toBe(killed.dir);
      expect(readFileSync(temporaryDirRecord(long), 'utf8').trim()).toBe(next.dir);
    } finally {
      removeSocket(next);
    }
    expect(existsSync(next.dir)).toBe(false);
    expect(existsSync(temporaryDirRecord(long))).toBe(false);
  });

  it('removes only a recorded directory that looks like one of its temporary directories', () => {
    const long = join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES), 'pg-socket');
    const notOurs = join(root, 'asgm-pg-abcdef');
    mkdirSync(notOurs);
    mkdirSync(join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES)));
    writeFileSync(temporaryDirRecord(long), `${notOurs}\n`);
    removeSocket(prepareSocketDir(long));
    expect(existsSync(notOurs)).toBe(true);
  });

  it('removes the socket file at stop and keeps the directory asked for', () => {
    const location = prepareSocketDir(join(root, 'pg-socket'));
    staleSocket(location.path);
    removeSocket(location);
    expect(existsSync(location.path)).toBe(false);
    expect(existsSync(location.dir)).toBe(true);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearStaleSocket, MAX_SOCKET_PATH_BYTES, prepareSocketDir, removeSocket, SOCKET_FILE, socketUrl } from './embedded-socket';

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

  it('removes a stale socket (nothing answers), refuses a live one and a file that is not a socket', async () => {
    const location = prepareSocketDir(join(root, 'pg-socket'));
    staleSocket(location.path);
    expect(lstatSync(location.path).isSocket()).toBe(true);
    await clearStaleSocket(location.path);
    expect(existsSync(location.path)).toBe(false);

    const live: Server = createServer();
    await new Promise<void>((resolve) => live.listen(location.path, resolve));
    try {
      await expect(clearStaleSocket(location.path)).rejects.toThrow(/another process serves/);
      expect(existsSync(location.path)).toBe(true);
    } finally {
      await new Promise((resolve) => live.close(resolve));
    }

    rmSync(location.path, { force: true });
    writeFileSync(location.path, 'not a socket');
    await expect(clearStaleSocket(location.path)).rejects.toThrow(/not a socket/);
    // nothing there: nothing to do
    rmSync(location.path);
    await expect(clearStaleSocket(location.path)).resolves.toBeUndefined();
  });

  it('removes the socket file at stop and keeps the directory asked for', () => {
    const location = prepareSocketDir(join(root, 'pg-socket'));
    staleSocket(location.path);
    removeSocket(location);
    expect(existsSync(location.path)).toBe(false);
    expect(existsSync(location.dir)).toBe(true);
  });
});

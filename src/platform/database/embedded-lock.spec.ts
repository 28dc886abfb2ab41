import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { abstractLockName, DataDirLock, EmbeddedDatabaseLockedError, lockDataDir, lockFilePath } from './embedded-lock';
import { MAX_SOCKET_PATH_BYTES } from './embedded-socket';

/** A child process holding the abstract socket `name` (without its leading NUL) until killed. */
async function holder(name: string): Promise<{ kill9(): Promise<void> }> {
  const script = `require('net').createServer().listen('\\0' + process.argv[1], () => process.stdout.write('held\\n'))`;
  const child = spawn(process.execPath, ['-e', script, name], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
  });
  return {
    kill9: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

/** A socket file nobody answers on: what a `kill -9` leaves (the listener dies before unlinking). */
function staleSocket(path: string): void {
  const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
  spawnSync(process.execPath, ['-e', script]);
}

describe('embedded database: one process per data directory (embedded-lock.ts)', () => {
  let root: string;
  let dataDir: string;
  let socketDir: string;
  const held: DataDirLock[] = [];
  const take = async (...args: Parameters<typeof lockDataDir>) => {
    const lock = await lockDataDir(...args);
    held.push(lock);
    return lock;
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'asgm-lock-'));
    dataDir = join(root, 'data', 'pg');
    socketDir = `${dataDir}-socket`;
  });
  afterEach(async () => {
    await Promise.all(held.splice(0).map((lock) => lock.release()));
    rmSync(root, { recursive: true, force: true });
  });

  describe('Linux: an abstract socket', () => {
    it('is taken once per data directory (its real path: a link to it is the same), makes the directory, and is free again once released', async () => {
      const lock = await take(dataDir, socketDir, 'linux');
      expect(lstatSync(dataDir).isDirectory()).toBe(true);
      await expect(lockDataDir(dataDir, socketDir, 'linux')).rejects.toThrow(EmbeddedDatabaseLockedError);
      const link = join(root, 'link');
      symlinkSync(dataDir, link);
      await expect(lockDataDir(link, `${link}-socket`, 'linux')).rejects.toThrow(/another process serves the embedded database of this DATA_DIR/);
      // another data directory: another lock
      await take(join(root, 'other'), join(root, 'other-socket'), 'linux');
      // no file anywhere
      expect(existsSync(socketDir)).toBe(false);

      await lock.release();
      await take(dataDir, socketDir, 'linux');
    });

    it('is held by another live process, and freed by the kernel when that process is killed (kill -9)', async () => {
      mkdirSync(dataDir, { recursive: true });
      const other = await holder(abstractLockName(dataDir).slice(1));
      try {
        await expect(lockDataDir(dataDir, socketDir, 'linux')).rejects.toThrow(EmbeddedDatabaseLockedError);
      } finally {
        await other.kill9();
      }
      await take(dataDir, socketDir, 'linux');
    });
  });

  describe('elsewhere: a socket file in the private socket directory', () => {
    it('is taken once, removed at release, taken over when its process was killed; a file that is not a socket is refused', async () => {
      const path = lockFilePath(dataDir, socketDir);
      expect(path).toBe(join(socketDir, '.lock'));
      const lock = await take(dataDir, socketDir, 'darwin');
      expect(lstatSync(path).isSocket()).toBe(true);
      await expect(lockDataDir(dataDir, socketDir, 'darwin')).rejects.toThrow(EmbeddedDatabaseLockedError);
      await lock.release();
      expect(existsSync(path)).toBe(false);

      staleSocket(path);
      expect(lstatSync(path).isSocket()).toBe(true);
      await (await take(dataDir, socketDir, 'darwin')).release();

      writeFileSync(path, 'not a socket');
      await expect(lockDataDir(dataDir, socketDir, 'darwin')).rejects.toThrow(/not a socket/);
    });

    it('names a file after the data directory in the temporary directory when the socket directory is too long', () => {
      const long = join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES), 'pg');
      mkdirSync(long, { recursive: true });
      const path = lockFilePath(long, `${long}-socket`);
      expect(path).toMatch(new RegExp(`^${tmpdir()}/asgm-exchange-[0-9a-f]{32}\\.lock$`));
      expect(lockFilePath(long, `${long}-socket`)).toBe(path);
      const other = join(root, 'd'.repeat(MAX_SOCKET_PATH_BYTES), 'other');
      mkdirSync(other);
      expect(lockFilePath(other, `${other}-socket`)).not.toBe(path);
    });
  });
});

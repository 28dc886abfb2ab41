/**
 * The embedded database (DATABASE_URL unset) as `npm start` runs it: the service (src/main.ts,
 * in a child process) reaches PGlite on a Unix socket in DATA_DIR/pg-socket, a directory only
 * its user may enter, and listens on no TCP port but its HTTP port. Runs whatever DATABASE_URL
 * the suite has: the child never gets one. Reads the child's sockets from /proc (Linux).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../support/tcp-proxy';
import { gqlRequest, testEnv } from '../support/test-app';

const ROOT = join(__dirname, '..', '..');
const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

interface Service {
  child: ChildProcess;
  port: number;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function childEnv(dataDir: string, port?: number): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...testEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'info', LOG_FORMAT: 'json' }),
    DATABASE_URL: undefined,
    REDIS_URL: undefined,
    PORT: port === undefined ? undefined : String(port),
    TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
  };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete env[key];
  return env as NodeJS.ProcessEnv;
}

/** `src/main.ts` with only DATA_DIR and PORT (and the test secrets), not waited for. */
async function launchService(dataDir: string): Promise<Service> {
  const port = await freePort();
  const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src/main.ts')], { cwd: ROOT, env: childEnv(dataDir, port), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  for (const stream of [child.stdout!, child.stderr!]) createInterface({ input: stream }).on('line', (line) => output.push(line));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, port, output, exited };
}

/** Whether the service answers (true) or exited during start-up (false). */
async function answersOrExits(service: Service): Promise<boolean> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) return false;
    if (Date.now() > deadline) throw new Error(`the service did not answer within 150 s:\n${service.output.join('\n')}`);
    const ready = await fetch(`http://127.0.0.1:${service.port}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** `src/main.ts` with only DATA_DIR and PORT (and the test secrets), answering once ready. */
async function startService(dataDir: string): Promise<Service> {
  const service = await launchService(dataDir);
  if (!(await answersOrExits(service))) throw new Error(`the service exited during start-up:\n${service.output.join('\n')}`);
  return service;
}

/** The embedded database alone (its CLI) on `dbDir`, to its end: exit code and what it wrote. */
function runEmbeddedCli(dbDir: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...TS_NODE, join(ROOT, 'src/platform/database/embedded-postgres.cli.ts'), dbDir], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  // stdin closed: a CLI that did start stops at once
  child.stdin!.end();
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timeout = setTimeout(() => child.kill('SIGKILL'), 120_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timeout);
      resolve({ code, stdout, stderr });
    }),
  );
}

async function kill(service: Service | null, signal: NodeJS.Signals): Promise<void> {
  if (!service || service.child.exitCode !== null || service.child.signalCode !== null) return;
  service.child.kill(signal);
  await service.exited;
}

const REFUSAL = /another process serves the embedded database of this DATA_DIR/;

/** The inodes of the sockets a process holds open (its fds are `socket:[inode]` links). */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** The TCP ports a process listens on (IPv4 and IPv6). */
function tcpListenPorts(pid: number): number[] {
  const inodes = socketInodes(pid);
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // sl local_address rem_address st … inode (10th column); st 0A is LISTEN
      if (cols.length < 10 || cols[3] !== '0A' || !inodes.has(cols[9])) continue;
      ports.add(parseInt(cols[1].split(':').pop()!, 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The Unix socket paths a process listens on. */
function unixListenPaths(pid: number): string[] {
  const inodes = socketInodes(pid);
  const paths: string[] = [];
  for (const line of readFileSync('/proc/net/unix', 'utf8').split('\n').slice(1)) {
    // Num RefCount Protocol Flags Type St Inode Path; Flags 00010000: accepting connections
    const cols = line.trim().split(/\s+/);
    if (cols.length >= 8 && cols[3] === '00010000' && inodes.has(cols[6])) paths.push(cols[7]);
  }
  return paths;
}

const mode = (path: string) => statSync(path).mode & 0o777;

async function topics(port: number): Promise<string[]> {
  const res = await gqlRequest<{ topics: { slug: string }[] }>(`http://127.0.0.1:${port}`, '{ topics { slug } }');
  expect(res.errors).toBeUndefined();
  return res.data!.topics.map((t) => t.slug);
}

describe('platform: the embedded database on a private Unix socket, no TCP port (e2e)', () => {
  let dataDir: string;
  let service: Service | null = null;

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'asgm-embedded-'));
  });

  afterAll(async () => {
    await kill(service, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const socketDir = () => join(dataDir, 'pg-socket');
  const socketPath = () => join(socketDir(), '.s.PGSQL.5432');

  it('listens on TCP only for HTTP; the database socket is in a 0700 directory of this user, 0600; GraphQL answers', async () => {
    service = await startService(dataDir);
    const pid = service.child.pid!;
    expect(tcpListenPorts(pid)).toEqual([service.port]);
    expect(unixListenPaths(pid)).toContain(socketPath());

    expect(lstatSync(socketDir()).isDirectory()).toBe(true);
    expect(mode(socketDir())).toBe(0o700);
    expect(statSync(socketDir()).uid).toBe(process.getuid!());
    expect(lstatSync(socketPath()).isSocket()).toBe(true);
    expect(mode(socketPath())).toBe(0o600);
    expect(service.output.join('\n')).toContain(`on the Unix socket ${socketPath()} (no TCP port)`);

    expect((await topics(service.port)).length).toBeGreaterThan(0);
  }, 180_000);

  it('refuses a second embedded database on the same DATA_DIR while the first serves, in one line', async () => {
    const second = await runEmbeddedCli(join(dataDir, 'pg'), childEnv(dataDir));
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([expect.stringMatching(REFUSAL)]);
    expect(lstatSync(socketPath()).isSocket()).toBe(true);
    // the first still serves
    expect((await topics(service!.port)).length).toBeGreaterThan(0);
  }, 150_000);

  it('starts again after kill -9 left its socket behind, and removes the socket at shutdown', async () => {
    service!.child.kill('SIGKILL');
    await service!.exited;
    // what a killed process leaves: the socket file, with nothing answering
    expect(lstatSync(socketPath()).isSocket()).toBe(true);

    service = await startService(dataDir);
    expect(tcpListenPorts(service.child.pid!)).toEqual([service.port]);
    expect((await topics(service.port)).length).toBeGreaterThan(0);

    service.child.kill('SIGTERM');
    expect(await service.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(socketPath())).toBe(false);
    expect(mode(socketDir())).toBe(0o700);
  }, 240_000);
});

describe('platform: one process per DATA_DIR for the embedded database (e2e)', () => {
  let root: string;
  let dataDir: string;
  const services: Service[] = [];

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'asgm-embedded-'));
    // too long for a socket address: the socket goes to a temporary directory, the lock is the
    // data directory's all the same
    dataDir = join(root, 'd'.repeat(120));
  });

  afterAll(async () => {
    for (const service of services) await kill(service, 'SIGKILL');
    rmSync(root, { recursive: true, force: true });
  });

  const record = () => join(dataDir, 'pg-socket.location');

  it('two services started together on one fresh DATA_DIR: one serves, the other is refused in one line and exits 1; the data directory is intact', async () => {
    const both = await Promise.all([launchService(dataDir), launchService(dataDir)]);
    services.push(...both);
    const answered = await Promise.all(both.map(answersOrExits));
    expect(answered.filter(Boolean)).toHaveLength(1);
    const winner = both[answered.indexOf(true)];
    const loser = both[answered.indexOf(false)];

    expect(await loser.exited).toEqual({ code: 1, signal: null });
    const refusal = loser.output.filter((line) => REFUSAL.test(line));
    expect(refusal).toHaveLength(1);
    expect(refusal[0]).toContain(join(dataDir, 'pg'));
    // no stack trace
    expect(loser.output.filter((line) => /^\s+at /.test(line))).toEqual([]);

    expect((await topics(winner.port)).length).toBeGreaterThan(0);
    expect(winner.child.exitCode).toBeNull();
    // one cluster, no half-copied template beside it (the loser never seeded)
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pg'))).toEqual(expect.arrayContaining(['pg', 'pg-socket.location']));
    expect(readdirSync(dataDir).filter((name) => name.startsWith('pg.template-'))).toEqual([]);
  }, 240_000);

  it('after kill -9, the next start removes the temporary socket directory the killed one left, and its own at shutdown', async () => {
    const killedDir = readFileSync(record(), 'utf8').trim();
    expect(lstatSync(killedDir).isDirectory()).toBe(true);
    for (const service of services) await kill(service, 'SIGKILL');
    expect(existsSync(killedDir)).toBe(true);

    const next = await startService(dataDir);
    services.push(next);
    expect(existsSync(killedDir)).toBe(false);
    const ownDir = readFileSync(record(), 'utf8').trim();
    expect(ownDir).not.toBe(killedDir);
    expect((await topics(next.port)).length).toBeGreaterThan(0);

    next.child.kill('SIGTERM');
    expect(await next.exited).toEqual({ code: 0, signal: null });
    expect(existsSync(ownDir)).toBe(false);
    expect(existsSync(record())).toBe(false);
  }, 240_000);
});

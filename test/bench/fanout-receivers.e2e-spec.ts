/**
 * The C receivers of the fan-out benchmark (bench/fanout/receivers.c, driven by
 * bench/fanout/receivers-native.mjs as the bench drives it) against a real socket.io server: they
 * must speak the protocol as socket.io-client does (handshake, auth, subscribe with its
 * acknowledgement, engine.io heartbeats) and count what the benchmark's verdict rests on: every
 * delivery once, duplicates, envelopes out of seq order, and refused connections.
 */
import { ChildProcess, execFileSync, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server as HttpServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';

const ROOM = 'session:00000000-0000-4000-8000-000000000001';
const FANOUT = join(__dirname, '..', '..', 'bench', 'fanout');

/** One receivers process, asked over IPC (`{ id, cmd }` answered by `{ reply: id }`) as bench/lib/proc.mjs asks it. */
class Receivers {
  private readonly child: ChildProcess;
  private asked = 0;

  constructor(bin: string) {
    this.child = fork(join(FANOUT, 'receivers-native.mjs'), [], { env: { ...process.env, RECEIVERS_BIN: bin }, execArgv: [] });
  }

  private ask<T>(message: Record<string, unknown>): Promise<T> {
    const id = ++this.asked;
    return new Promise((resolve, reject) => {
      const onMessage = (m: { reply?: number; error?: string }) => {
        if (m.reply !== id) return;
        this.child.off('message', onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m as T);
      };
      this.child.on('message', onMessage);
      this.child.send({ ...message, id });
    });
  }

  async connect(port: number, tokens: (string | null)[]): Promise<{ connected: number; failed: number; errors: string[] }> {
    const { connected, failed, errors } = await this.ask<{ connected: number; failed: number; errors: string[] }>({ cmd: 'connect', url: `http://127.0.0.1:${port}`, tokens, room: ROOM });
    return { connected, failed, errors };
  }

  collect(): Promise<{ latencies: number[]; duplicates: number; outOfOrder: number; connected: number }> {
    return this.ask({ cmd: 'collect' });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    await this.ask({ cmd: 'close' });
    await exited;
  }
}

describe('the fan-out benchmark C receivers', () => {
  let dir: string;
  let bin: string;
  let http: HttpServer;
  let io: Server;
  let port: number;
  const open: Receivers[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'receivers-spec-'));
    bin = join(dir, 'receivers');
    execFileSync(process.env.CC || 'cc', ['-O2', '-Wall', '-Wextra', '-Werror', '-o', bin, join(FANOUT, 'receivers.c')]);
  });

  beforeEach(async () => {
    http = createServer();
    // heartbeats every 200 ms: a client that does not answer engine.io's ping is dropped within 1.2 s
    io = new Server(http, { pingInterval: 200, pingTimeout: 1000 });
    io.use((socket, next) => (socket.handshake.auth?.token === 'refused' ? next(new Error('not this token')) : next()));
    io.on('connection', (socket) => {
      socket.data.token = socket.handshake.auth?.token;
      socket.on('subscribe', (payload: { room?: string }, ack: (a: unknown) => void) => {
        void socket.join(String(payload?.room));
        ack({ ok: true, seq: 0 });
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    port = (http.address() as AddressInfo).port;
  });

  afterEach(async () => {
    for (const r of open.splice(0)) await r.close();
    await new Promise((resolve) => io.close(resolve));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Collects until `n` deliveries are in (or 10 s pass), adding up what each collect returned. */
  const collectUntil = async (r: Receivers, n: number) => {
    const all = { latencies: [] as number[], duplicates: 0, outOfOrder: 0, connected: 0 };
    for (const deadline = Date.now() + 10_000; ; ) {
      const got = await r.collect();
      all.latencies.push(...got.latencies);
      all.duplicates += got.duplicates;
      all.outOfOrder += got.outOfOrder;
      all.connected = got.connected;
      if (all.latencies.length >= n || Date.now() > deadline) return all;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** Collects until no socket is connected any more (or 10 s pass); what was collected. */
  const untilNoneConnected = async (r: Receivers) => {
    for (const deadline = Date.now() + 10_000; ; ) {
      const got = await r.collect();
      if (got.connected === 0 || Date.now() > deadline) return got;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const start = (): Receivers => {
    const r = new Receivers(bin);
    open.push(r);
    return r;
  };
  const envelope = (seq: number, k: number) => ({
    room: ROOM,
    seq,
    type: 'live.message',
    data: { messageId: `m${k}`, body: `bench-fanout k=${k} t=${(performance.timeOrigin + performance.now()).toFixed(3)}`, bodyHtml: '<p>x</p>' },
    at: new Date().toISOString(),
  });

  it('signs in with each token, subscribes, and counts every delivery once, in order', async () => {
    const r = start();
    // more than it opens at once (50): the later ones start as the first finish
    const tokens = Array.from({ length: 60 }, (_, i) => `token-${i}`);
    expect(await r.connect(port, tokens)).toEqual({ connected: 60, failed: 0, errors: [] });
    const sockets = await io.in(ROOM).fetchSockets();
    expect(sockets.map((s) => s.data.token).sort()).toEqual([...tokens].sort());

    for (let k = 1; k <= 5; k++) io.to(ROOM).emit('event', envelope(k, k));
    // other events and types are not deliveries
    io.to(ROOM).emit('event', { ...envelope(6, 99), type: 'live.question' });
    io.to(ROOM).emit('presence', { count: 20 });
    const got = await collectUntil(r, 300);
    expect(got.latencies.length).toBe(300);
    expect(got.duplicates).toBe(0);
    expect(got.outOfOrder).toBe(0);
    expect(got.connected).toBe(60);
    // they stay through several engine.io heartbeats (each answered with a pong) past the server's timeout
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await io.in(ROOM).fetchSockets()).length).toBe(60);
    expect((await r.collect()).connected).toBe(60);
    for (const l of got.latencies) expect(l).toBeGreaterThanOrEqual(-1);
    // collect empties what it returned
    expect((await r.collect()).latencies.length).toBe(0);
  });

  it('counts a delivery given twice as a duplicate and an envelope behind its seq as out of order', async () => {
    const r = start();
    expect((await r.connect(port, ['a', 'b', 'c'])).connected).toBe(3);
    const [one] = await io.in(ROOM).fetchSockets();
    io.to(ROOM).emit('event', envelope(1, 1));
    io.to(ROOM).emit('event', envelope(3, 3));
    one.emit('event', envelope(1, 1)); // k=1 again: a duplicate, to one socket
    one.emit('event', envelope(2, 2)); // seq 2 after seq 3: out of order, to one socket
    io.to(ROOM).emit('event', envelope(4, 100_000)); // a large k (a long bench run) is no different
    const got = await collectUntil(r, 10);
    expect(got.latencies.length).toBe(10);
    expect(got.duplicates).toBe(1);
    expect(got.outOfOrder).toBe(1);
  });

  it('reports a refused connection with the server’s reason', async () => {
    const r = start();
    const answer = await r.connect(port, ['fine', 'refused', 'also-fine']);
    expect(answer.connected).toBe(2);
    expect(answer.failed).toBe(1);
    expect(answer.errors.join(' ')).toContain('not this token');
  });

  it.each([
    ['closing their connections', true],
    ['disconnecting them from the namespace', false],
  ])('reports connections lost after connecting: the server %s', async (_how, close) => {
    const r = start();
    expect((await r.connect(port, ['x', 'y'])).connected).toBe(2);
    io.disconnectSockets(close);
    const got = await untilNoneConnected(r);
    expect(got.connected).toBe(0);
    io.to(ROOM).emit('event', envelope(1, 1));
    expect((await r.collect()).latencies.length).toBe(0);
  });
});

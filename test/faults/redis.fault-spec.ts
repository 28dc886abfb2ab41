import { ChildProcess, spawn } from 'node:child_process';
import { createThread, reply, topicId } from '../support/forum';
import { sharedRedisEnv, startTwoInstances } from '../support/instances';
import { socketPool } from '../support/sockets';
import { metric } from '../support/metrics';
import { TestApp } from '../support/test-app';
import { registerUser } from '../support/users';
import { freePort, report, sleep, until } from './fault-support';

/** A Redis of this spec's own, on another port (the shared one on 6379 is never restarted). */
class OwnRedis {
  private child: ChildProcess | null = null;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await until(async () => {
      const { default: Redis } = await import('ioredis');
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await probe.connect();
        return (await probe.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    }, 'redis-server to answer', 30_000);
  }

  /** SIGTERM: redis-server shuts down as `redis-cli shutdown` or a service manager's restart does (SIGKILL in afterAll). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }
}

/** Missing numbers in an ascending run of sequence numbers from `from` to `to`. */
function missing(seqs: number[], from: number, to: number): number[] {
  const got = new Set(seqs);
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i).filter((n) => !got.has(n));
}

/**
 * Redis restarted (stopped, replies written meanwhile, started again on the same port) under two
 * instances sharing rooms through it. Also run by the adversarial suite (jest.adversarial.config.js),
 * as issue 14's "Redis restart with two instances": no seq gaps after resubscribe.
 */
describe('fault: Redis restart with two instances', () => {
  const redis = new OwnRedis(0);
  let a: TestApp;
  let b: TestApp;
  const sockets = socketPool();
  const BUFFER = 50;

  beforeAll(async () => {
    (redis as { port: number }).port = await freePort();
    await redis.start();
    ({ a, b } = await startTwoInstances(sharedRedisEnv({ REDIS_URL: redis.url, REALTIME_REDIS_BUFFER: String(BUFFER) })));
  });

  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
    await redis.stop('SIGKILL');
  });

  it('both instances keep serving, what is buffered meanwhile is bounded (drops counted), events flow again after the restart, and a resubscribe with lastSeq gets every event with no seq gap, replayed then live', async () => {
    const author = await registerUser(a, 'redis-author');
    const thread = await createThread(a, author.accessToken, { topicId: await topicId(a) });
    const room = `thread:${thread.id}`;
    const onB = await sockets.connectTo(b.baseUrl);
    expect(await onB.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    for (let i = 0; i < 5; i++) await reply(a, author.accessToken, { threadId: thread.id, body: `before ${i}` });
    await onB.until(() => onB.events.length === 5, '5 events on B through Redis');

    await redis.stop();
    const downAt = Date.now();
    // replies written while Redis is stopped: more than the buffer holds, so some are dropped
    const WHILE_DOWN = 120;
    let servedWhileDown = 0;
    for (let i = 0; i < WHILE_DOWN; i++) {
      await reply(a, author.accessToken, { threadId: thread.id, body: `while Redis is down ${i}` });
      servedWhileDown++;
    }
    const readBOk = (await b.gql('{ threads(first: 1) { totalCount } }')).errors === undefined;
    const dropped = await metric(a, 'asgm_realtime_redis_dropped_total');

    await redis.start();
    const upAt = Date.now();
    // a new event reaches B live once the adapter has reconnected (earlier ones may be dropped)
    let liveAfterMs: number | null = null;
    await until(async () => {
      const before = onB.events.length;
      await reply(a, author.accessToken, { threadId: thread.id, body: 'after Redis returned' });
      await sleep(300);
      if (onB.events.length > before && onB.events[onB.events.length - 1].data.body !== undefined) liveAfterMs ??= Date.now() - upAt;
      return onB.events.some((e) => e.seq !== null && e.seq > 5 + WHILE_DOWN);
    }, 'a live event on B after Redis returned', 60_000);
    liveAfterMs ??= Date.now() - upAt;

    const [{ n: stored }] = await a.db.query<{ n: number }>(`SELECT max(seq)::int AS n FROM room_events WHERE room = $1`, [room]);
    // the socket that stayed subscribed on B through the restart: what Redis dropped is filled from storage, in order, once
    const seqsOf = (socket: typeof onB) => socket.events.filter((e) => e.seq !== null).map((e) => e.seq!);
    const upToStored = Array.from({ length: stored }, (_, i) => i + 1);
    await onB.until(() => missing(seqsOf(onB), 1, stored).length === 0, `every event up to ${stored} on B's live socket`).catch(() => undefined);
    const liveOnB = seqsOf(onB).filter((n) => n <= stored);
    const again = await sockets.connectTo(b.baseUrl);
    const ack = await again.call('subscribe', { room, lastSeq: 5 });
    await again.until(() => again.events.some((e) => e.seq === stored), `replay up to ${stored}`);
    const replayed = again.events.filter((e) => e.seq !== null && e.seq > 5 && e.seq <= stored).map((e) => e.seq);
    // after the resubscribe, new replies on A reach it live through the restarted Redis, continuing the sequence
    const AFTER = 5;
    for (let i = 0; i < AFTER; i++) await reply(a, author.accessToken, { threadId: thread.id, body: `after the resubscribe ${i}` });
    await again.until(() => again.events.some((e) => e.seq === stored + AFTER), `live events up to ${stored + AFTER}`);
    const seqsAfterResubscribe = seqsOf(again);

    report('Redis restart, two instances', {
      downMs: upAt - downAt,
      repliesServedWhileDown: servedWhileDown,
      readOnBWhileDown: readBOk,
      buffer: BUFFER,
      droppedCounted: dropped,
      liveEventsOnBAfterReturnMs: liveAfterMs,
      liveEventsReceivedByB: onB.events.length,
      gapsOnBLiveSocket: missing(liveOnB, 1, stored).length,
      repeatsOnBLiveSocket: liveOnB.length - new Set(liveOnB).size,
      replay: `${replayed.length}/${stored - 5}`,
      seqsAfterResubscribe: `${seqsAfterResubscribe[0]}..${seqsAfterResubscribe[seqsAfterResubscribe.length - 1]} (${seqsAfterResubscribe.length})`,
      gapsAfterResubscribe: missing(seqsAfterResubscribe, 6, stored + AFTER).length,
      subscribeAck: ack,
    });
    expect(servedWhileDown).toBe(WHILE_DOWN);
    expect(readBOk).toBe(true);
    // at most BUFFER messages kept: the rest dropped and counted
    expect(dropped).toBeGreaterThanOrEqual(WHILE_DOWN - BUFFER);
    expect(liveOnB).toEqual(upToStored);
    expect(replayed).toEqual(Array.from({ length: stored - 5 }, (_, i) => i + 6));
    // no gap and no repeat: 6 .. stored replayed, then stored+1 .. stored+AFTER live, in order
    expect(seqsAfterResubscribe).toEqual(Array.from({ length: stored + AFTER - 5 }, (_, i) => i + 6));
  });
});

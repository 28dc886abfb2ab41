import { startAppOn, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TcpProxy } from '../support/tcp-proxy';
import { post, proxied, replyWriters, report, sleep, tally, until, userAndThread } from './fault-support';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? null;

/** The network to the database goes silent (packets dropped, nothing refused), or slow. */
describe('fault: silent and slow network to the database', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  const bounds = { DB_STATEMENT_TIMEOUT_MS: '2000', DB_QUERY_TIMEOUT_MS: '3000', DB_ACQUIRE_TIMEOUT_MS: '2000' };

  beforeAll(async () => {
    db = await createTestDatabase();
    let url: string;
    ({ proxy, url } = await proxied(db));
    t = await startAppOn({ ...db, url }, bounds);
  });

  afterAll(async () => {
    proxy?.heal();
    proxy.latencyMs = 0;
    await t?.close();
    await proxy?.cut();
    await db?.drop();
  });

  it('a silent network answers a retryable error within the documented bound (acquire + query timeout), and the service recovers', async () => {
    const { token, threadId } = await userAndThread(t.baseUrl, 'silent');
    const writers = replyWriters(() => t.baseUrl, token, threadId, 4);
    await until(() => writers.acked.length >= 10, 'writes before the drop');
    proxy.blackhole();
    const droppedAt = Date.now();
    // readiness turns 503 once the database has not answered for READY_DB_TIMEOUT_MS (2 s)
    let ready = 0;
    await until(async () => (ready = (await fetch(`${t.baseUrl}/health/ready`)).status) === 503, 'readiness 503', 15_000).catch(() => undefined);
    const readyMs = Date.now() - droppedAt;
    const anonymous = await post(t.baseUrl, '{ threads(first: 1) { totalCount } }');
    await sleep(Math.max(0, 10_000 - (Date.now() - droppedAt)));
    proxy.heal();
    const healedAt = Date.now();
    const ackedAtHeal = writers.acked.length;
    await until(() => writers.acked.length >= ackedAtHeal + 10, 'writes after the network returned');
    await writers.stop();

    const during = writers.outcomes.filter((o) => o.at > droppedAt && o.at - o.ms < healedAt && !o.data?.postReply);
    const bound = Number(bounds.DB_ACQUIRE_TIMEOUT_MS) + Number(bounds.DB_QUERY_TIMEOUT_MS);
    const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1::uuid[])`, [writers.acked]);
    const firstAfter = writers.outcomes.find((o) => o.at > healedAt && o.data?.postReply?.id);
    report('silent network (packets dropped 10 s)', {
      boundMs: bound,
      failedDuringDrop: during.length,
      slowestFailureMs: Math.max(...during.map((o) => o.ms)),
      medianFailureMs: median(during.map((o) => o.ms)),
      anonymous: `${anonymous.status} ${anonymous.code} after ${anonymous.ms} ms`,
      readyDuring: `${ready} ${readyMs} ms after the drop`,
      outcomes: tally(writers.outcomes),
      acknowledged: writers.acked.length,
      rowsOfAcknowledged: rows[0].n,
      firstWriteAfterReturnMs: firstAfter ? firstAfter.at - healedAt : null,
    });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => o.code === 'INTERNAL_SERVER_ERROR' && o.retryable)).toBe(true);
    // the bound is the behaviour under test: without timeouts these requests hang until TCP gives up
    expect(Math.max(...during.map((o) => o.ms))).toBeLessThanOrEqual(bound + 3000);
    expect(anonymous).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', retryable: true });
    expect(ready).toBe(503);
    expect(rows[0].n).toBe(writers.acked.length);
  });

  it('a slow database (250 ms added each way) keeps the instance ready', async () => {
    const { token, threadId } = await userAndThread(t.baseUrl, 'slow');
    proxy.latencyMs = 250;
    const writers = replyWriters(() => t.baseUrl, token, threadId, 4);
    const checks: { status: number; ms: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const started = Date.now();
      const status = (await fetch(`${t.baseUrl}/health/ready`)).status;
      checks.push({ status, ms: Date.now() - started });
      await sleep(500);
    }
    await writers.stop();
    proxy.latencyMs = 0;
    const writes = writers.outcomes.filter((o) => o.data?.postReply?.id);
    report('slow database (+500 ms round trip)', {
      readyChecks: checks.length,
      ready200: checks.filter((c) => c.status === 200).length,
      medianReadyMs: median(checks.map((c) => c.ms)),
      writes: writes.length,
      medianWriteMs: median(writes.map((o) => o.ms)),
      outcomes: tally(writers.outcomes),
    });
    expect(checks.filter((c) => c.status !== 200)).toEqual([]);
  });
});

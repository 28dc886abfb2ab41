import { connect } from 'node:net';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TcpProxy } from '../support/tcp-proxy';
import { HALF_WRITTEN, post, proxied, readerLoops, replyWriters, report, SEQ_GAPS, startService, stopService, tally, until, userAndThread } from './fault-support';

/** Whether a new TCP connection to the service is refused. */
function refused(baseUrl: string): Promise<boolean> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/** The service as an operator runs it, stopped by SIGTERM or killed by kill -9 in the middle of writes. */
describe('fault: the process stopped during writes', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    ({ proxy, url } = await proxied(db));
  });

  afterAll(async () => {
    await proxy?.cut();
    await db?.drop();
  });

  it('SIGTERM with fast and slow requests in flight: intake stops first, every accepted request is answered, background work and the pool close after, exit 0', async () => {
    const service = await startService(url, { SHUTDOWN_TIMEOUT_SECONDS: '10' });
    try {
      const { token, threadId } = await userAndThread(service.baseUrl, 'term');
      // slow requests: every database round trip takes 120 ms more (a reply takes seconds)
      proxy.latencyMs = 60;
      const slow = replyWriters(() => service.baseUrl, token, threadId, 8);
      const readers = readerLoops(() => service.baseUrl, '{ __typename }', 4);
      await until(() => slow.acked.length >= 8, 'slow writes under way');
      const logFrom = service.lines.length;
      const termAt = Date.now();
      service.child.kill('SIGTERM');
      let refusedAt: number | null = null;
      void until(async () => (await refused(service.baseUrl)) && (refusedAt = Date.now()) !== null, 'connections refused', 30_000).catch(() => undefined);
      const exit = await service.exited;
      await slow.stop();
      await readers.stop();
      proxy.latencyMs = 0;

      // a request sent before SIGTERM was accepted: it must have an answer
      const slowSent = slow.outcomes.map((o) => ({ ...o, sentAt: o.at - o.ms }));
      const fast = readers.outcomes.map((o) => ({ ...o, sentAt: o.at - o.ms }));
      const acceptedUnanswered = [...slowSent, ...fast].filter((o) => o.sentAt < termAt && o.status === null);
      const after = [...slowSent, ...fast].filter((o) => o.sentAt >= termAt);
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1::uuid[])`, [slow.acked]);
      const shutdownLines = service.lines.slice(logFrom).map((l) => l.json?.msg as string);
      const drainedLine = service.lines.slice(logFrom).find((l) => /requests drained|drain deadline/.test(l.json?.msg ?? ''));
      const lastAnswerBeforeTerm = Math.max(...slowSent.filter((o) => o.sentAt < termAt && o.status !== null).map((o) => o.at));
      report('SIGTERM during writes', {
        exitCode: exit.code,
        exitAfterMs: exit.at - termAt,
        newConnectionsRefusedAfterMs: refusedAt ? refusedAt - termAt : null,
        lastAcceptedRequestAnsweredAfterMs: lastAnswerBeforeTerm - termAt,
        acceptedUnanswered: acceptedUnanswered.length,
        slowOutcomes: tally(slowSent),
        fastOutcomes: tally(fast),
        sentAfterSigterm: tally(after),
        acknowledgedWrites: slow.acked.length,
        rowsOfAcknowledged: rows[0].n,
        shutdownLog: shutdownLines,
      });
      expect(exit.code).toBe(0);
      expect(acceptedUnanswered).toEqual([]);
      expect(rows[0].n).toBe(slow.acked.length);
      // what was sent after SIGTERM was refused (connection refused or closed) or answered retryable: never half-done
      expect(after.filter((o) => o.status !== null && !(o.status === 200 && (o.data?.__typename || o.data?.postReply)) && !o.retryable)).toEqual([]);
      expect(refusedAt).not.toBeNull();
      // order: intake stopped, requests drained, then background work and the pool
      const order = ['stopped taking connections', 'requests drained', 'background work stopped'].map((m) => shutdownLines.findIndex((l) => l?.includes(m)));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(drainedLine!.at).toBeGreaterThanOrEqual(lastAnswerBeforeTerm - 50);
    } finally {
      proxy.latencyMs = 0;
      await stopService(service);
    }
  });

  it('kill -9 in the middle of writes, three times: no half-written row, every acknowledged write kept, the next start serves', async () => {
    const rounds: Record<string, unknown>[] = [];
    for (let round = 0; round < 3; round++) {
      const service = await startService(url);
      try {
        const { token, threadId } = await userAndThread(service.baseUrl, `kill${round}`);
        const writers = replyWriters(() => service.baseUrl, token, threadId, 8);
        await until(() => writers.acked.length >= 30, 'writes under way');
        service.child.kill('SIGKILL');
        await service.exited;
        await writers.stop();
        const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1::uuid[])`, [writers.acked]);
        const [{ n: inThread }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [threadId]);
        const halfWritten = await db.query(HALF_WRITTEN);
        const gaps = await db.query(SEQ_GAPS);
        rounds.push({ acknowledged: writers.acked.length, rowsOfAcknowledged: rows[0].n, rowsInThread: inThread, halfWritten: halfWritten.length, seqGaps: gaps.length, outcomes: tally(writers.outcomes) });
        expect(rows[0].n).toBe(writers.acked.length);
        expect(halfWritten).toEqual([]);
        expect(gaps).toEqual([]);
      } finally {
        await stopService(service);
      }
    }
    const again = await startService(url);
    try {
      const { token, threadId } = await userAndThread(again.baseUrl, 'afterkill');
      const res = await post(again.baseUrl, `mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId, body: 'after the kills' } }, token);
      report('kill -9 mid-write (3 rounds)', { rounds, replyAfterRestart: `${res.status} ${res.code ?? 'ok'}` });
      expect(res.data?.postReply?.id).toBeTruthy();
    } finally {
      await stopService(again);
    }
  });
});

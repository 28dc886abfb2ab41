import { createTestDatabase, TestDatabase } from '../support/test-database';
import { TcpProxy } from '../support/tcp-proxy';
import { Outcome, post, proxied, replyWriters, report, Service, sleep, startService, stopService, tally, until, userAndThread } from './fault-support';

const THREADS = '{ threads(first: 1) { totalCount } }';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

/**
 * The database connection refused for a while (TCP proxy cut) under a stream of writes, on the
 * service as an operator runs it (`node dist/src/main.js`, JSON logs).
 */
describe('fault: database cut under writes', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let service: Service;

  beforeAll(async () => {
    db = await createTestDatabase();
    let url: string;
    ({ proxy, url } = await proxied(db));
    service = await startService(url);
  });

  afterAll(async () => {
    if (service) await stopService(service);
    await proxy?.cut();
    await db?.drop();
  });

  it('loses no acknowledged write, answers one status and code per media type whoever asks, logs counted warnings, and recovers by itself', async () => {
    const { token, threadId } = await userAndThread(service.baseUrl, 'cut');
    const writers = replyWriters(() => service.baseUrl, token, threadId, 6);
    await until(() => writers.acked.length >= 20, 'writes before the cut');
    const logStart = service.lines.length;

    await proxy.cut();
    const cutAt = Date.now();
    // one condition (the database is gone), asked by an anonymous and a signed-in client, in both media types
    const asked: Record<string, Outcome> = {};
    await until(async () => (await post(service.baseUrl, THREADS)).code !== null, 'the outage to show');
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      for (const [who, bearer] of [['anonymous', null], ['signed-in', token]] as const) {
        asked[`${who} ${accept}`] = await post(service.baseUrl, THREADS, {}, bearer, accept);
      }
    }
    const readyDuring = (await fetch(`${service.baseUrl}/health/ready`)).status;
    const liveDuring = (await fetch(`${service.baseUrl}/health/live`)).status;
    await sleep(Math.max(0, 5000 - (Date.now() - cutAt)));

    await proxy.restore();
    const restoredAt = Date.now();
    const ackedAtRestore = writers.acked.length;
    await until(() => writers.acked.length >= ackedAtRestore + 20, 'writes after the database returned');
    const firstAfter = writers.outcomes.find((o) => o.at > restoredAt && o.data?.postReply?.id);
    await writers.stop();
    await until(async () => (await fetch(`${service.baseUrl}/health/ready`)).status === 200, 'ready again');

    const rows = await db.query<{ id: string }>(`SELECT id FROM posts WHERE thread_id = $1 AND id = ANY($2::uuid[])`, [threadId, writers.acked]);
    const [{ n: total }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [threadId]);
    const during = writers.outcomes.filter((o) => o.at > cutAt && o.at < restoredAt && !o.data?.postReply);
    const outageLines = service.lines.slice(logStart).filter((l) => l.at < restoredAt + 1000);
    const figures = {
      acknowledged: writers.acked.length,
      rowsOfAcknowledged: rows.length,
      rowsInThread: total,
      failedDuringCut: during.length,
      outcomes: tally(writers.outcomes),
      firstWriteAfterReturnMs: firstAfter ? firstAfter.at - restoredAt : null,
      readyDuring,
      liveDuring,
      statuses: Object.fromEntries(Object.entries(asked).map(([k, o]) => [k, `${o.status} ${o.code}`])),
      logLinesDuringCut: outageLines.length,
      logLevels: tally(outageLines.map((l) => ({ status: l.json?.level ?? null, code: null, network: null }) as unknown as Outcome)),
    };
    report('database cut', figures);

    expect(rows.length).toBe(writers.acked.length);
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((o) => o.code === 'INTERNAL_SERVER_ERROR' && o.retryable)).toBe(true);
    expect(readyDuring).toBe(503);
    expect(liveDuring).toBe(200);
    // one status and one code per media type, whoever asks
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      const answers = Object.entries(asked).filter(([k]) => k.endsWith(accept)).map(([, o]) => [o.status, o.code, o.retryable]);
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[0][1]).toBe('INTERNAL_SERVER_ERROR');
      expect(answers[0][2]).toBe(true);
    }
    expect(asked[`anonymous application/json`].status).toBe(200);
    expect(asked[`anonymous ${GRAPHQL_RESPONSE}`].status).toBe(503);
    // logs: JSON lines only; the expected failures at warn without stacks, counted; no ERROR
    expect(service.lines.filter((l) => l.json === null).map((l) => l.raw)).toEqual([]);
    expect(outageLines.filter((l) => l.json!.level >= 50).map((l) => l.raw)).toEqual([]);
    expect(outageLines.filter((l) => JSON.stringify(l.json).includes('"stack"')).map((l) => l.raw)).toEqual([]);
    expect(outageLines.length).toBeLessThan(during.length);
    await until(() => service.lines.some((l) => typeof l.json?.count === 'number' && l.json.code === 'INTERNAL_SERVER_ERROR'), 'a counted summary of the failures', 30_000);
  });
});

import { request } from 'node:http';
import { Server } from 'node:http';
import { ShutdownCoordinator } from '../../src/platform/lifecycle/shutdown-coordinator.service';
import { refusal } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';

/** The first step of a graceful shutdown (main.ts runs it on SIGTERM before closing the application). */
describe('graceful shutdown: drain before anything closes (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('from the first moment: readiness 503, liveness 200, new requests and socket handshakes refused (retryable); the request in flight is answered before the drain ends', async () => {
    expect((await fetch(`${t.baseUrl}/health/ready`)).status).toBe(200);
    // a request in flight: headers sent, body still coming
    const { port } = new URL(t.baseUrl);
    const body = JSON.stringify({ query: '{ __typename }' });
    let bodyEndedAt = Infinity;
    const inFlight = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 5));
      setTimeout(() => {
        bodyEndedAt = Date.now();
        req.end(body.slice(5));
      }, 1500);
    });
    const shutdown = t.app.get(ShutdownCoordinator);
    await new Promise((r) => setTimeout(r, 200));
    expect(shutdown.requestsInFlight).toBe(1);

    shutdown.begin();
    const ready = await fetch(`${t.baseUrl}/health/ready`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ error: { shutdown: { status: 'down' } } });
    expect((await fetch(`${t.baseUrl}/health/live`)).status).toBe(200);
    for (const [accept, status] of [['application/graphql-response+json', 503], ['application/json', 200]] as const) {
      const refused = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body });
      expect(refused.status).toBe(status);
      expect(refused.headers.get('connection')).toBe('close');
      expect((await refused.json()).errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', retryable: true });
    }
    expect(await refusal(t.baseUrl, {})).toMatch(/shutting down|Forbidden|xhr poll error|websocket error/i);

    const drained = await shutdown.drain(t.app.getHttpServer() as Server, 30_000);
    // the drain ended once the request in flight was answered, not before
    expect(Date.now()).toBeGreaterThanOrEqual(bodyEndedAt);
    expect(drained.unfinished).toBe(0);
    expect(await inFlight).toMatchObject({ status: 200 });
    expect(JSON.parse((await inFlight).text)).toEqual({ data: { __typename: 'Query' } });
  });
});

import { adminToken } from '../support/orgs';
import { connectSocket } from '../support/sockets';
import { createThread, reply, topicId } from '../support/forum';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

/** The value of one sample line (`name{labels} value`), or null when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const present = (m[2] ?? '').split(',').filter(Boolean);
    if (wanted.every((w) => present.includes(w)) && present.length === wanted.length) return Number(m[3]);
  }
  return null;
}

async function scrape(t: TestApp, token?: string): Promise<{ status: number; type: string | null; text: string }> {
  const res = await fetch(`${t.baseUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

describe('platform: /metrics in Prometheus format (e2e)', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    user = await registerUser(t, 'metrics');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('times GraphQL operations by name, type and outcome: the histogram count grows with each operation', async () => {
    const before = await scrape(t);
    expect(before.status).toBe(200);
    expect(before.type).toMatch(/^text\/plain; version=0\.0\.4/);
    const ok = { operation: 'MetricsProbe', type: 'query', outcome: 'ok' };
    const countBefore = sample(before.text, 'asgm_graphql_operation_duration_seconds_count', ok) ?? 0;
    for (let i = 0; i < 3; i++) await t.gqlOk('query MetricsProbe { me { id } }', {}, user.accessToken);
    // a failing mutation (unknown thread): outcome error
    const failed = await t.gql('mutation MetricsFails($id: ID!) { watchThread(threadId: $id, watching: true) { id } }', { id: '00000000-0000-4000-8000-000000000000' }, user.accessToken);
    expect(failed.errors?.length).toBeGreaterThan(0);
    await t.gqlOk('{ __typename }');

    const after = (await scrape(t)).text;
    expect(sample(after, 'asgm_graphql_operation_duration_seconds_count', ok)).toBe(countBefore + 3);
    expect(sample(after, 'asgm_graphql_operation_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(countBefore + 3);
    expect(sample(after, 'asgm_graphql_operation_duration_seconds_sum', ok)).toBeGreaterThan(0);
    expect(sample(after, 'asgm_graphql_operation_duration_seconds_count', { operation: 'MetricsFails', type: 'mutation', outcome: 'error' })).toBe(1);
    expect(sample(after, 'asgm_graphql_operation_duration_seconds_count', { operation: 'anonymous', type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'asgm_http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(5);
  });

  it('keeps client-chosen operation names from growing the label set: malformed names count as other', async () => {
    await t.gql('query Bad { me { id } }'.replace('Bad', '_'.repeat(70)), {});
    const text = (await scrape(t)).text;
    expect(sample(text, 'asgm_graphql_operation_duration_seconds_count', { operation: 'other', type: 'query', outcome: 'ok' })).toBe(1);
    expect(text).not.toContain('_'.repeat(70));
  });

  it('reports the database pool (total, idle, waiting, max) and process defaults', async () => {
    const text = (await scrape(t)).text;
    expect(sample(text, 'asgm_db_pool_max_connections')).toBe(t.config.dbPoolSize);
    const total = sample(text, 'asgm_db_pool_connections');
    const idle = sample(text, 'asgm_db_pool_idle_connections');
    expect(total).toBeGreaterThanOrEqual(1);
    expect(idle).toBeGreaterThanOrEqual(0);
    expect(idle!).toBeLessThanOrEqual(total!);
    expect(sample(text, 'asgm_db_pool_waiting_requests')).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).not.toBeNull();
  });

  it('counts connected sockets and the outbox lag of committed room events', async () => {
    const socket = await connectSocket(t.baseUrl, user.accessToken);
    try {
      expect(sample((await scrape(t)).text, 'asgm_socketio_connected_sockets')).toBe(1);
      const lagBefore = sample((await scrape(t)).text, 'asgm_outbox_publish_lag_seconds_count') ?? 0;
      const admin = await adminToken(t);
      const thread = await createThread(t, admin, { topicId: await topicId(t) });
      await reply(t, user.accessToken, { threadId: thread.id, body: 'A reply that publishes a room event.' });
      const text = (await scrape(t)).text;
      expect(sample(text, 'asgm_outbox_publish_lag_seconds_count')).toBeGreaterThan(lagBefore);
      expect(sample(text, 'asgm_outbox_publish_pending')).toBe(0);
    } finally {
      socket.close();
    }
    await socket.until(() => !socket.socket.connected, 'disconnect');
    // the server notices the close on its side shortly after
    for (let i = 0; i < 50 && sample((await scrape(t)).text, 'asgm_socketio_connected_sockets') !== 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(sample((await scrape(t)).text, 'asgm_socketio_connected_sockets')).toBe(0);
  });

  it('needs Authorization: Bearer <METRICS_TOKEN> when METRICS_TOKEN is set', async () => {
    const token = 'metrics-token-0123456789';
    const guarded = await startAppOn(t.db, { METRICS_TOKEN: token });
    try {
      expect((await scrape(guarded)).status).toBe(401);
      expect((await scrape(guarded, `${token}x`)).status).toBe(401);
      expect((await scrape(guarded, user.accessToken)).status).toBe(401);
      const allowed = await scrape(guarded, token);
      expect(allowed.status).toBe(200);
      expect(allowed.text).toContain('# TYPE asgm_graphql_operation_duration_seconds histogram');
    } finally {
      await guarded.close();
    }
  });

  it('with METRICS_ENABLED=false there is no /metrics (404) and GraphQL still answers', async () => {
    const off = await startAppOn(t.db, { METRICS_ENABLED: 'false' });
    try {
      expect((await scrape(off)).status).toBe(404);
      expect((await off.gqlOk('{ __typename }')).__typename).toBe('Query');
    } finally {
      await off.close();
    }
  });
});

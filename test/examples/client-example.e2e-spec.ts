import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createClient, ExampleClient, ThreadEvent } from '../../examples/src/client';
import { createThread, reply, topicId } from '../support/forum';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { login, registerUser, TestUser } from '../support/users';

/** One HTTP request the example client made: its operation and the status it got. */
interface Sent {
  operation: string;
  status: number;
}

/** Resolves once `predicate` holds (checked every 20 ms); fails after 20 s with `what`. */
async function until(predicate: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The same access token with `exp` in the past, signed with the test secret: well-formed, but expired. */
function expired(accessToken: string): string {
  const [header, payload] = accessToken.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp: number; iat: number };
  const body = Buffer.from(JSON.stringify({ ...claims, iat: claims.iat - 3600, exp: Math.floor(Date.now() / 1000) - 60 })).toString('base64url');
  const signature = createHmac('sha256', TEST_JWT_SECRET).update(`${header}.${body}`).digest('base64url');
  return `${header}.${body}.${signature}`;
}

describe('examples: the TypeScript client against the service (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let topic: string;
  let client: ExampleClient;
  const clients: ExampleClient[] = [];
  /** Every request of the example clients, in order (a fetch wrapper given to HttpLink). */
  const sent: Sent[] = [];
  const countingFetch: typeof fetch = async (input, init) => {
    const operation = (JSON.parse(String(init?.body ?? '{}')) as { operationName?: string }).operationName ?? '?';
    const response = await fetch(input, init);
    sent.push({ operation, status: response.status });
    return response;
  };
  const refreshes = () => sent.filter((s) => s.operation === 'RefreshSession').length;
  const newClient = (session?: { accessToken: string; refreshToken: string }) => {
    const c = createClient({ baseUrl: t.baseUrl, fetch: countingFetch, session });
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS_ENABLED: 'false' });
    alice = await registerUser(t, 'ex-alice');
    bob = await registerUser(t, 'ex-bob');
    topic = await topicId(t);
    client = newClient();
  });

  afterAll(async () => {
    for (const c of clients) await c.close();
    await t?.close();
  });

  it('signs in and lists threads', async () => {
    const thread = await createThread(t, bob.accessToken, { topicId: topic, title: 'Retort designs for small workshops' });

    const user = await client.signIn(alice.email, alice.password);
    expect(user).toMatchObject({ id: alice.id, handle: alice.handle, displayName: `Test ${alice.handle}` });
    expect(client.session).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String) });

    const page = await client.listThreads(5);
    expect(page.totalCount).toBeGreaterThanOrEqual(1);
    expect(page.edges.map((e) => e.node)).toContainEqual(
      expect.objectContaining({ id: thread.id, title: 'Retort designs for small workshops', kind: 'QUESTION', author: expect.objectContaining({ id: bob.id }) }),
    );
  });

  it('follows a thread live: post.created arrives after a reply through GraphQL', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    const events: ThreadEvent[] = [];
    const follow = await client.followThread(thread.id, (e) => events.push(e));
    expect(follow.room).toBe(`thread:${thread.id}`);
    expect(follow.lastSeq).toBe(0);

    const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Use a **retort** and recover the mercury.' });
    await until(() => events.length === 1, 'post.created');
    expect(events[0]).toMatchObject({
      room: `thread:${thread.id}`,
      seq: 1,
      type: 'post.created',
      data: { postId: post.id, threadId: thread.id, author: { id: bob.id, handle: bob.handle } },
    });
    expect(follow.lastSeq).toBe(1);
    await follow.stop();
  });

  it('after a dropped connection, resubscribes with its last seq: missed events arrive once, in order', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    const events: ThreadEvent[] = [];
    const follow = await client.followThread(thread.id, (e) => events.push(e));
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'First.' });
    await until(() => events.length === 1, 'the first reply');

    const socket = client.socket!;
    let reconnected = false;
    socket.io.once('reconnect', () => (reconnected = true));
    socket.io.engine.close(); // the network drops; socket.io reconnects by itself
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'Second, maybe while disconnected.' });
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'Third.' });
    await until(() => reconnected && events.length >= 3, 'the reconnection and the missed replies');
    // One more live event after the replay: nothing is repeated.
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'Fourth, live again.' });
    await until(() => events.length >= 4, 'the fourth reply');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, 'post.created'],
      [2, 'post.created'],
      [3, 'post.created'],
      [4, 'post.created'],
    ]);
    expect(follow.lastSeq).toBe(4);
    await follow.stop();
  });

  it('on UNAUTHENTICATED (a bad access token), refreshes once, stores the new pair and retries', async () => {
    const before = client.session!;
    client.setSession({ accessToken: 'not-a-jwt', refreshToken: before.refreshToken });
    sent.length = 0;

    const page = await client.listThreads(3);
    expect(page.edges.length).toBeGreaterThan(0);
    // Refused (a GraphQL error with code UNAUTHENTICATED), one refresh, the retry.
    expect(sent.map((s) => s.operation)).toEqual(['ListThreads', 'RefreshSession', 'ListThreads']);
    expect(sent.map((s) => s.status)).toEqual([401, 200, 200]);
    expect(client.session!.accessToken).not.toBe('not-a-jwt');
    expect(client.session!.refreshToken).not.toBe(before.refreshToken);
    // Within the grace window (REFRESH_REUSE_GRACE_SECONDS) the spent refresh token answers the
    // very pair the client stored (another tab refreshing at once stays signed in) ...
    const again = await t.gql<{ refreshSession: { refreshToken: string } }>('mutation($r: String!) { refreshSession(refreshToken: $r) { refreshToken } }', { r: before.refreshToken });
    expect(again.data?.refreshSession.refreshToken).toBe(client.session!.refreshToken);
    // ... and past it, it no longer works.
    await t.db.query(`UPDATE refresh_tokens SET used_at = used_at - interval '1 hour' WHERE used_at IS NOT NULL`);
    expect((await t.gql('mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }', { r: before.refreshToken })).errors?.[0]?.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('concurrent requests refused with an expired token share one refresh', async () => {
    // A fresh session (the previous test's reuse check revoked that family).
    await client.signIn(alice.email, alice.password);
    const { refreshToken } = client.session!;
    client.setSession({ accessToken: expired(client.session!.accessToken), refreshToken });
    sent.length = 0;

    // Different variables, so that Apollo Client does not deduplicate them into one request.
    const pages = await Promise.all([client.listThreads(1), client.listThreads(2), client.listThreads(3)]);
    expect(pages.map((p) => p.edges.length)).toEqual([1, 2, 3]);
    expect(refreshes()).toBe(1);
    expect(sent.filter((s) => s.operation === 'ListThreads').map((s) => s.status).sort()).toEqual([200, 200, 200, 401, 401, 401]);
    expect(client.session!.refreshToken).not.toBe(refreshToken);
  });

  it('a socket handshake refused as UNAUTHENTICATED refreshes once and connects again', async () => {
    const session = await login(t, alice.email, alice.password);
    const other = newClient({ accessToken: expired(session.accessToken), refreshToken: session.refreshToken });
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    sent.length = 0;

    const events: ThreadEvent[] = [];
    const follow = await other.followThread(thread.id, (e) => events.push(e));
    expect(refreshes()).toBe(1);
    expect(other.session!.refreshToken).not.toBe(session.refreshToken);
    await reply(t, bob.accessToken, { threadId: thread.id });
    await until(() => events.length === 1, 'post.created');
    expect(events[0]).toMatchObject({ seq: 1, type: 'post.created' });
    await follow.stop();
  });

  it('a room the viewer may not see is refused with NOT_FOUND', async () => {
    await expect(client.followThread('00000000-0000-4000-8000-000000000000', () => undefined)).rejects.toThrow('NOT_FOUND');
  });
});

describe('examples: generated types', () => {
  it('the committed examples/src/generated/graphql.ts is what examples/codegen.ts generates now (npm run examples:codegen)', async () => {
    // Run as a script, as `npm run examples:codegen` does: the codegen plugins load an ES module
    // (auto-bind) that Node's require() accepts and Jest's module loader (on Node < 24.9) does not.
    const root = join(__dirname, '..', '..');
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/codegen.ts', '--stdout'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(readFileSync(join(root, 'examples', 'src', 'generated', 'graphql.ts'), 'utf8')).toBe(stdout);
  });
});

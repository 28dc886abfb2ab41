import { createHmac, randomUUID } from 'node:crypto';
import { DataSource as DataSourceToken } from 'typeorm';
import { createThread, topicId } from '../support/forum';
import { refusal } from '../support/sockets';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';
import { figure, send } from './adversarial-support';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT built by hand, so that every part of it can be forged. */
function jwt(header: Record<string, unknown>, payload: Record<string, unknown>, secret: string | null): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${secret === null ? '' : createHmac('sha256', secret).update(head).digest('base64url')}`;
}

const POST_REPLY = 'mutation($input: PostReplyInput!) { postReply(input: $input) { id } }';

describe('adversarial: token forgeries on HTTP and socket.io', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('refuses every forgery with UNAUTHENTICATED on both transports, and never answers as another user', async () => {
    const [, payloadPart] = alice.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>;
    const now = Math.floor(Date.now() / 1000);
    const [head, , signature] = alice.accessToken.split('.');
    const forgeries: Record<string, string> = {
      'alg none': jwt({ alg: 'none', typ: 'JWT' }, { ...claims, sub: bob.id }, null),
      'alg none, upper case': jwt({ alg: 'NONE', typ: 'JWT' }, claims, null),
      'wrong key': jwt({ alg: 'HS256', typ: 'JWT' }, claims, 'another-secret-another-secret-another-secret'),
      'HS512 with the right key': jwt({ alg: 'HS512', typ: 'JWT' }, claims, TEST_JWT_SECRET),
      expired: jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now - 7200, exp: now - 3600 }, TEST_JWT_SECRET),
      'tampered claims (sub of another user, signature kept)': `${head}.${b64({ ...claims, sub: bob.id })}.${signature}`,
      'tampered type (refresh)': jwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, typ: 'refresh' }, 'x'.repeat(40)),
      'refresh token used as access token': alice.refreshToken,
      'empty signature': `${head}.${payloadPart}.`,
      garbage: 'eyJhbGciOiJIUzI1NiJ9.' + 'A'.repeat(5000) + '.x',
    };
    const outcomes: string[] = [];
    for (const [name, token] of Object.entries(forgeries)) {
      const http = await send(t, JSON.stringify({ query: '{ me { id } }' }), { authorization: `Bearer ${token}`, accept: 'application/graphql-response+json' });
      const answer = JSON.parse(http.text);
      expect({ name, status: http.status, code: answer.errors?.[0]?.extensions?.code, data: answer.data?.me ?? null }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED', data: null });
      const socket = await refusal(t.baseUrl, { token });
      expect({ name, socket }).toEqual({ name, socket: 'UNAUTHENTICATED' });
      outcomes.push(name);
    }
    // the real token still works on both
    expect(JSON.parse((await send(t, JSON.stringify({ query: '{ me { id } }' }), { authorization: `Bearer ${alice.accessToken}` })).text).data.me.id).toBe(alice.id);
    figure('token forgeries', { forgeries: outcomes.length, refusedOnHttp: outcomes.length, refusedOnSocket: outcomes.length });
  });
});

describe('adversarial: 2,000 replies from 50 clients with retries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it('stores exactly one reply per acknowledged idempotency key, and the counters match', async () => {
    const CLIENTS = 50;
    const PER_CLIENT = 40;
    const owner = await registerUser(t, 'owner');
    const thread = await createThread(t, owner.accessToken, { topicId: await topicId(t) });
    const clients = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => registerUser(t, `c${i}`)));
    const acknowledged = new Set<string>();
    let attempts = 0;
    let retried = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, c) => {
        for (let i = 0; i < PER_CLIENT; i++) {
          const idempotencyKey = randomUUID();
          const body = JSON.stringify({ query: POST_REPLY, variables: { input: { threadId: thread.id, body: `Reply ${i} of client ${c}`, idempotencyKey } } });
          // every third reply is sent twice at once (a client retrying after a lost answer), and each is retried until acknowledged
          const tries = i % 3 === 0 ? 2 : 1;
          const ids = new Set<string>();
          for (let round = 0; round < 20 && ids.size === 0; round++) {
            const answers = await Promise.all(Array.from({ length: tries }, () => send(t, body, { authorization: `Bearer ${client.accessToken}` })));
            attempts += tries;
            if (round > 0) retried++;
            for (const a of answers) {
              const id = JSON.parse(a.text).data?.postReply?.id as string | undefined;
              if (id) ids.add(id);
            }
          }
          expect(ids.size).toBe(1);
          acknowledged.add([...ids][0]);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const stored = await t.gqlOk<{ node: { postCount: number } }>(`query($id: ID!) { node(id: $id) { ... on Thread { postCount } } }`, { id: thread.id });
    const rows = await t.app.get(DataSourceToken).query(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [thread.id]);
    figure('replies with retries', { clients: CLIENTS, acknowledged: acknowledged.size, attempts, retriedRounds: retried, rows: rows[0].n, postCount: stored.node.postCount, seconds });
    expect(acknowledged.size).toBe(CLIENTS * PER_CLIENT);
    expect(rows[0].n).toBe(acknowledged.size);
    expect(stored.node.postCount).toBe(acknowledged.size);
  });
});

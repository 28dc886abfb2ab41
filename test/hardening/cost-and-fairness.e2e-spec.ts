import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { randomBytes } from 'node:crypto';
import { createThread, topicId } from '../support/forum';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';
import { aliasAttack } from './adversarial-support';


async function post(t: TestApp, query: string, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return { status: res.status, json: await res.json() };
}

/** Issue 14, "cost and fairness": aliases, root fields, repeated fields, depth and price, with the defaults. */
describe('hardening: cost and fairness (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS_ENABLED: 'false' });
    alice = await registerUser(t, 'alice');
    const retorts = await topicId(t);
    for (let i = 0; i < 3; i++) await createThread(t, alice.accessToken, { topicId: retorts, title: `Mercury retort design ${i}`, body: 'How to build a mercury retort' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it("refuses the issue's attack (1,000 aliases of search with first: 0) before running it, with a 4xx", async () => {
    const { status, json } = await post(t, aliasAttack(1000));
    expect(status).toBe(400);
    expect(json.data).toBeUndefined();
    expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']).toContain(json.errors[0].extensions.code);
  });

  it('allows 15 aliases and refuses 16 with QUERY_TOO_COMPLEX', async () => {
    // two aliases per root field (the root field limit, 10, is not what refuses here)
    const aliases = (roots: number, extra = '') => `{ ${Array.from({ length: roots }, (_, i) => `r${i}: search(query: "retort ${i}", first: 1) { n: totalCount }`).join(' ')} ${extra} }`;
    expect((await post(t, aliases(7, 'x: topics { slug }'))).json.errors).toBeUndefined();
    const over = await post(t, aliases(8));
    expect(over.status).toBe(400);
    expect(over.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(over.json.errors[0].message).toMatch(/16 aliases; the maximum is 15/);
  });

  it('refuses the same field asked again under another alias (totalCount per alias)', async () => {
    for (const query of [aliasAttack(2), '{ search(query: "mercury", first: 0) { a: totalCount b: totalCount } }']) {
      const { status, json } = await post(t, query);
      expect(status).toBe(400);
      expect(json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(json.errors[0].message).toMatch(/more than once/);
    }
  });

  it('refuses more than 10 root fields and more than 10 levels', async () => {
    const roots = `{ ${Array.from({ length: 11 }, (_, i) => `t${i}: topics { slug }`).join(' ')} }`;
    const wide = await post(t, roots);
    expect(wide.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(wide.json.errors[0].message).toMatch(/11 root fields/);
    const deep = await post(t, '{ threads(first: 1) { edges { node { topic { parent { parent { parent { parent { parent { parent { slug } } } } } } } } } } }');
    expect(deep.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.json.errors[0].message).toMatch(/nested 11 levels deep; the maximum is 10/);
    const page = await post(t, '{ threads(first: 20) { totalCount edges { node { id title author { handle } topic { name } posts(first: 20) { edges { node { id author { handle } } } } } } } }');
    expect(page.json.errors).toBeUndefined();
  });

  it('runs at most DB_MAX_CONCURRENT_PER_REQUEST statements of one request at a time (3 by default)', async () => {
    // connections held at once, seen where the pool hands them out
    const connect = PostgresQueryRunner.prototype.connect;
    const release = PostgresQueryRunner.prototype.release;
    let held = 0;
    let most = 0;
    const counted = new WeakSet<object>();
    PostgresQueryRunner.prototype.connect = async function (this: PostgresQueryRunner) {
      const connection = await connect.call(this);
      if (!counted.has(this)) {
        counted.add(this);
        most = Math.max(most, ++held);
      }
      return connection;
    };
    PostgresQueryRunner.prototype.release = function (this: PostgresQueryRunner) {
      if (counted.delete(this)) held--;
      return release.call(this);
    };
    try {
      const { json } = await post(t, `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: search(query: "retort ${i} ${randomBytes(2).toString('hex')}", first: 5) { totalCount edges { node { rank snippet thread { id title } } } }`).join(' ')} }`);
      expect(json.errors).toBeUndefined();
    } finally {
      PostgresQueryRunner.prototype.connect = connect;
      PostgresQueryRunner.prototype.release = release;
    }
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(3);
  });

  it('serves a normal client without a failure while three alias attacks run at once', async () => {
    const normal = '{ threads(first: 10) { totalCount edges { node { id title } } } }';
    const attacks = Array.from({ length: 3 }, () => post(t, aliasAttack(1000)));
    const clients = Array.from({ length: 20 }, () => post(t, normal, alice.accessToken));
    const answers = await Promise.all([...attacks, ...clients]);
    for (const attack of answers.slice(0, 3)) expect(attack.status).toBe(400);
    for (const client of answers.slice(3)) {
      expect(client.status).toBe(200);
      expect(client.json.errors).toBeUndefined();
      expect(client.json.data.threads.totalCount).toBeGreaterThanOrEqual(3);
    }
  });
});

/** Requests without an access token, per IP and minute. */
describe('hardening: anonymous request limit (e2e)', () => {
  for (const store of ['memory', 'redis'] as const) {
    it(`answers RATE_LIMITED (429, Retry-After) beyond ANONYMOUS_REQUESTS_PER_MINUTE per IP, and never limits signed-in users (${store})`, async () => {
      const redisUrl = process.env.REDIS_URL;
      if (store === 'redis' && !redisUrl) throw new Error('REDIS_URL is needed for this test');
      const t = await startTestApp({
        ANONYMOUS_REQUESTS_PER_MINUTE: '5',
        ...(store === 'redis' ? { REDIS_URL: redisUrl, RATE_LIMIT_KEY_PREFIX: `test:anon:${randomBytes(4).toString('hex')}` } : {}),
      });
      try {
        const user = await registerUser(t, 'signed');
        for (let i = 0; i < 4; i++) expect((await post(t, '{ topics { slug } }')).status).toBe(200);
        const limited = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' }, body: JSON.stringify({ query: '{ topics { slug } }' }) });
        expect(limited.status).toBe(429);
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
        const body = await limited.json();
        expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
        expect(body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
        for (let i = 0; i < 10; i++) expect((await post(t, '{ me { id } }', user.accessToken)).json.errors).toBeUndefined();
      } finally {
        await t.close();
      }
    });
  }

  it('counts documents refused while parsing or validating too, before reading them (the alias attack is throttled like any client)', async () => {
    const t = await startTestApp({ ANONYMOUS_REQUESTS_PER_MINUTE: '5' });
    try {
      const aliases = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: search(query: "mercury retort", first: 0) { totalCount }`).join(' ')} }`;
      const refusedWhileParsing = [aliases, '{ topics { slug ', '{ noSuchField }'];
      for (const query of refusedWhileParsing) expect((await post(t, query)).json.errors[0].extensions.code).not.toBe('RATE_LIMITED');
      for (let i = 0; i < 2; i++) expect((await post(t, '{ topics { slug } }')).json.errors).toBeUndefined();
      for (const query of [aliases, '{ topics { slug } }']) {
        const limited = await post(t, query);
        expect([limited.status, limited.json.errors[0].extensions.code]).toEqual([429, 'RATE_LIMITED']);
      }
      // the IDE's page and CORS preflights are not GraphQL operations
      expect((await fetch(`${t.baseUrl}/graphql`, { headers: { accept: 'text/html' } })).status).not.toBe(429);
    } finally {
      await t.close();
    }
  });

  it('is off with RATE_LIMITS_ENABLED=false', async () => {
    const t = await startTestApp({ ANONYMOUS_REQUESTS_PER_MINUTE: '2', RATE_LIMITS_ENABLED: 'false' });
    try {
      for (let i = 0; i < 5; i++) expect((await post(t, '{ topics { slug } }')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});

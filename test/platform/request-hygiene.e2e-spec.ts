import { request } from 'node:http';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser } from '../support/users';

/** Request hygiene every operation shares: NUL bytes, forged cursors, body size, query cost. */
describe('request hygiene (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_MAX_COMPLEXITY: '5000', GRAPHQL_MAX_DEPTH: '12' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('keeps an idle keep-alive connection HTTP_KEEP_ALIVE_SECONDS (65 by default) and says so, past a load balancer\'s idle timeout', async () => {
    const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = request(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', connection: 'keep-alive' } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.headers));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ query: '{ __typename }' }));
    });
    expect(headers['keep-alive']).toBe('timeout=65');
  });

  it('refuses NUL characters in variables and literals with BAD_USER_INPUT', async () => {
    const viaVariable = await t.gql('query($slug: String!) { topic(slug: $slug) { id } }', { slug: 'a\u0000b' });
    expect(viaVariable.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const viaLiteral = await t.gql('{ search(query: "mercury\\u0000") { totalCount } }');
    expect(viaLiteral.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const login = await t.gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', { i: { email: 'x\u0000@example.org', password: 'whatever-long' } });
    expect(login.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses forged cursors whose values do not fit the list order with BAD_USER_INPUT', async () => {
    const forge = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
    const id = '8698d882-2d16-46fb-aa2e-55578a2bb9f1';
    for (const [orderBy, after] of [
      ['ACTIVITY', forge([true, 'garbage', id])],
      ['TOP', forge([true, 1e20, '2026-01-01T00:00:00.000Z', id])],
      ['NEWEST', forge([true, '2026-01-01T00:00:00.000Z', 'not-a-uuid'])],
      ['NEWEST', 'not base64 at all'],
    ]) {
      const res = await t.gql(`query($after: String) { threads(orderBy: ${orderBy}, after: $after) { totalCount } }`, { after });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts a 50,000-character multibyte body and refuses an oversized request with BAD_USER_INPUT', async () => {
    const user = await registerUser(t, 'big');
    const big = '€'.repeat(50_000);
    const ok = await t.gql('mutation($b: String!) { register(input: { email: "x", password: $b, displayName: "x", handle: "x" }) { accessToken } }', { b: big }, user.accessToken);
    // the body reached GraphQL (validation answered), not the transport
    expect(ok.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(2_000_000) } }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const notJson = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses queries that are too expensive or too deep with QUERY_TOO_COMPLEX, and serves ordinary pages', async () => {
    const ordinary = await t.gql('{ threads(first: 20) { edges { node { id title author { handle } topic { name } posts(first: 20) { edges { node { id author { handle } } } } } } } }');
    expect(ordinary.errors).toBeUndefined();
    const wide = await t.gql('{ threads(first: 100) { edges { node { posts(first: 100) { edges { node { id body thread { title } } } } } } } }');
    expect(wide.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(wide.errors?.[0].message).toMatch(/too expensive/);
    const deep = await t.gql('{ threads(first: 1) { edges { node { posts(first: 1) { edges { node { thread { posts(first: 1) { edges { node { thread { posts(first: 1) { edges { node { id } } } } } } } } } } } } } } }');
    expect(deep.errors?.[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(deep.errors?.[0].message).toMatch(/nested/);
    // first above the maximum is still BAD_USER_INPUT, not a cost error
    const tooMany = await t.gql('{ threads(first: 1000) { totalCount } }');
    expect(tooMany.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('request hygiene: variables (e2e)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers a bad enum variable with BAD_USER_INPUT, not a cost error', async () => {
    const res = await t.gql('query($s: Sector) { organizations(sector: $s) { totalCount } }', { s: 'NOT_A_SECTOR' });
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

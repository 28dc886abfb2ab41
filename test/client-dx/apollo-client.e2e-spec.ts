import { ApolloClient, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { io } from 'socket.io-client';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';

/** Apollo Client 4 as a web app would create it (default Accept: graphql-response+json, then json). */
function apollo(t: TestApp, token?: string | null): ApolloClient {
  return new ApolloClient({
    link: new HttpLink({ uri: `${t.baseUrl}/graphql`, headers: token ? { authorization: `Bearer ${token}` } : {} }),
    cache: new InMemoryCache(),
    defaultOptions: { query: { fetchPolicy: 'no-cache' }, mutate: { fetchPolicy: 'no-cache' } },
  });
}

/** The error of a failed Apollo Client operation. */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    const result = (await run()) as { error?: unknown };
    return result?.error;
  } catch (err) {
    return err;
  }
}

function graphqlCodes(error: unknown): string[] {
  expect(CombinedGraphQLErrors.is(error)).toBe(true);
  return (error as CombinedGraphQLErrors).errors.map((e) => e.extensions?.code as string);
}

const ME = gql`
  query Me {
    me {
      id
      handle
    }
  }
`;

describe('client developers: errors before execution reach Apollo Client 4 as GraphQL errors (e2e)', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t, 'client');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a valid token works', async () => {
    const { data } = await apollo(t, user.accessToken).query({ query: ME });
    expect(data).toEqual({ me: { __typename: 'User', id: user.id, handle: user.handle } });
  });

  it.each([
    ['a forged token', 'not.a.jwt'],
    ['an expired or foreign token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl'],
  ])('%s: CombinedGraphQLErrors with UNAUTHENTICATED (so a refresh link can act on it)', async (_label, token) => {
    const error = await errorOf(() => apollo(t, token).query({ query: ME }));
    expect(graphqlCodes(error)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers with the negotiated media type and the status the GraphQL-over-HTTP spec allows', async () => {
    const body = JSON.stringify({ query: '{ me { id } }' });
    const preferred = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: 'Bearer nope' },
      body,
    });
    expect(preferred.status).toBe(401);
    expect(preferred.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect((await preferred.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const legacy = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer nope' },
      body,
    });
    expect(legacy.status).toBe(200);
    expect(legacy.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await legacy.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a body over MAX_BODY_BYTES: CombinedGraphQLErrors with BAD_USER_INPUT (HTTP 413)', async () => {
    const padded = gql`
      query Padded($padding: String) {
        me {
          id
        }
      }
    `;
    const error = await errorOf(() => apollo(t).query({ query: padded, variables: { padding: 'x'.repeat(1_200_000) } }));
    expect(graphqlCodes(error)).toEqual(['BAD_USER_INPUT']);
    const raw = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query: '{ me { id } }', variables: { padding: 'x'.repeat(1_200_000) } }),
    });
    expect(raw.status).toBe(413);
    expect(raw.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
  });

  it('a body that is not JSON: a GraphQL error with BAD_USER_INPUT in the negotiated media type (HTTP 400)', async () => {
    for (const accept of ['application/graphql-response+json', 'application/json']) {
      const res = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: '{"query": ' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain(accept);
      expect(await res.json()).toEqual({ errors: [{ message: 'The request body is not valid JSON.', extensions: { code: 'BAD_USER_INPUT' } }] });
    }
  });
});

describe('client developers: malformed ids are BAD_USER_INPUT everywhere (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['an argument', gql`query { thread(id: "not-a-uuid") { id } }`, {}],
    ['an argument as a variable', gql`query T($id: ID!) { thread(id: $id) { id } }`, { id: '1234' }],
    ['a filter field', gql`query { threads(filter: { topicId: "x" }) { totalCount } }`, {}],
    ['an input field in a variable', gql`mutation R($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId: 'nope', body: 'hello there' } }],
    ['a list element', gql`mutation M($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: ['7c3c8b1e-2b7a-4a5e-9d2e-1b1b1b1b1b1b', '42'] }],
  ])('%s', async (_label, query, variables) => {
    const op = (query.definitions[0] as { operation: string }).operation;
    const client = apollo(t);
    const error = await errorOf(() => (op === 'mutation' ? client.mutate({ mutation: query, variables }) : client.query({ query, variables })));
    expect(graphqlCodes(error)).toEqual(['BAD_USER_INPUT']);
  });

  it('a well-formed id that names nothing is still null', async () => {
    const { data } = await apollo(t).query({ query: gql`query { thread(id: "7c3c8b1e-2b7a-4a5e-9d2e-1b1b1b1b1b1b") { id } }` });
    expect(data).toEqual({ thread: null });
  });
});

describe('client developers: CORS from CORS_ORIGINS on /graphql and socket.io (e2e)', () => {
  let t: TestApp;
  const allowed = 'https://app.example.org';

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${allowed},http://localhost:5173` });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers the preflight of an allowed origin (before the CSRF check)', async () => {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const post = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { origin: allowed, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
    expect(post.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('gives other origins no CORS headers (the browser refuses), and CSRF prevention stays on', async () => {
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${t.baseUrl}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { origin: 'https://evil.example.com' } });
    expect(simple.status).toBe(400);
  });

  it('lets an allowed origin use the socket.io polling transport', async () => {
    const handshake = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: allowed } });
    expect(handshake.status).toBe(200);
    expect(handshake.headers.get('access-control-allow-origin')).toBe(allowed);
    const other = await fetch(`${t.baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const socket = io(t.baseUrl, { transports: ['polling'], extraHeaders: { origin: allowed }, reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    expect(socket.io.engine.transport.name).toBe('polling');
    socket.close();
  });
});

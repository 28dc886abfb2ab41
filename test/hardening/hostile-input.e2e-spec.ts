import { EDIT_POST } from '../support/documents';
import { createThread, createThreadRaw, errorCode, reply, replyRaw, topicId } from '../support/forum';
import { adminToken, createOrganization } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

/** POSTs a raw body to /graphql; the status and the parsed answer. */
async function post(t: TestApp, body: string): Promise<{ status: number; json: any }> {
  const res = await fetch(`${t.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: res.status, json: await res.json() };
}

/** A JSON array nested `depth` deep around one string, built without recursion. */
const nested = (depth: number, leaf = 'x'): string => '['.repeat(depth) + JSON.stringify(leaf) + ']'.repeat(depth);

const UPDATE_THREAD = `mutation($id: ID!, $input: UpdateThreadInput!) { updateThread(id: $id, input: $input) { id bodyHtml } }`;

/** Issue 14, "input that cannot crash": hostile Markdown, deeply nested variables and documents, invisible characters in names. */
describe('hardening: input that cannot crash (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let retorts: string;

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    alice = await registerUser(t, 'alice');
    retorts = await topicId(t);
  });

  afterAll(async () => {
    await t?.close();
  });

  const HOSTILE_MARKDOWN = { quotes: '>'.repeat(2000), dashes: '- '.repeat(3000) + 'x', quoteLists: '> - '.repeat(500), stars: '*'.repeat(20_000) + 'x' + '*'.repeat(20_000) };

  it.each(Object.entries(HOSTILE_MARKDOWN))('renders %s Markdown in createThread, postReply, editPost and updateThread (flattened, never a 500)', async (_name, body) => {
    const created = await createThreadRaw(t, alice.accessToken, { topicId: retorts, body });
    expect(created.errors).toBeUndefined();
    const thread = created.data!.createThread;
    expect(thread.bodyHtml.length).toBeGreaterThan(0);
    const replied = await replyRaw(t, alice.accessToken, { threadId: thread.id, body });
    expect(replied.errors).toBeUndefined();
    const edited = await t.gql(EDIT_POST, { id: replied.data!.postReply.id, body: body + ' edited' }, alice.accessToken);
    expect(edited.errors).toBeUndefined();
    const updated = await t.gql(UPDATE_THREAD, { id: thread.id, input: { body: body + ' updated' } }, alice.accessToken);
    expect(updated.errors).toBeUndefined();
  });

  it('keeps a bounded nesting when flattening: 2,000 ">" give at most 16 block quotes', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: retorts, body: '>'.repeat(2000) + ' deep' });
    expect((thread.bodyHtml.match(/<blockquote>/g) ?? []).length).toBe(16);
    expect(thread.bodyHtml).toContain('deep');
  });

  it('answers a variable nested 20,000 deep (40 kB body) with BAD_USER_INPUT, whichever argument it is given to', async () => {
    for (const [query, name] of [
      ['query($x: String) { topic(slug: $x) { id } }', 'x'],
      ['query($first: Int) { threads(first: $first) { totalCount } }', 'first'],
      ['query($x: [String!]) { topics { slug } }', 'x'],
      ['mutation($input: LoginInput!) { login(input: $input) { accessToken } }', 'input'],
    ]) {
      const body = `{"query":${JSON.stringify(query)},"variables":{"${name}":${nested(20_000)}}}`;
      expect(body.length).toBeGreaterThan(40_000);
      const { status, json } = await post(t, body);
      expect(status).toBeLessThan(500);
      expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(JSON.stringify(json)).not.toMatch(/stacktrace|RangeError|call stack/i);
    }
  });

  it('answers a document nested 20,000 deep, or of 50,000 tokens, with BAD_USER_INPUT before parsing it all', async () => {
    const deep = '{ topics '.repeat(20_000) + '{ id }' + ' }'.repeat(20_000);
    for (const query of [deep, `{ ${'__typename '.repeat(50_000)} }`, `query { topics(${'a: 1, '.repeat(5_000)}) { id } }`]) {
      const { status, json } = await post(t, JSON.stringify({ query }));
      expect(status).toBe(400);
      expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(json.errors[0].message).toMatch(/tokens/);
    }
  });

  it('strips control, bidi and zero-width characters from display names, thread titles and organization names', async () => {
    const registered = await t.gqlOk<{ register: { user: { id: string } } }>(
      `mutation($input: RegisterInput!) { register(input: $input) { user { id displayName } } }`,
      { input: { email: 'mallory@example.org', password: 'mallory-password', displayName: 'Mal\u202Eyrol\u200B\u0007 \n Admin\u2066', handle: 'mallory' } },
    );
    const shown = await t.gqlOk<{ node: { displayName: string } }>(`query($id: ID!) { node(id: $id) { ... on User { displayName } } }`, { id: registered.register.user.id });
    expect(shown.node.displayName).toBe('Malyrol Admin');
    const thread = await createThread(t, alice.accessToken, { topicId: retorts, title: '\u200BRetort\u202E for \uFEFFsmall batches\u2069' });
    expect(thread.title).toBe('Retort for small batches');
    const admin = await adminToken(t);
    const org = await createOrganization(t, admin, 'NGO', { name: 'Mercury\u200D Watch\u202E NGO' });
    expect(org.name).toBe('Mercury Watch NGO');
    // nothing left but invisible characters is no name at all
    const empty = await createThreadRaw(t, alice.accessToken, { topicId: retorts, title: '\u200B\u200B\u200B\u200B\u200B\u200B' });
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
  });

  it('answers an unpaired surrogate in any text with BAD_USER_INPUT, not a 500 (class-validator would throw on it)', async () => {
    const { status, json } = await post(t, '{"query":"mutation($input: RegisterInput!) { register(input: $input) { accessToken } }","variables":{"input":{"email":"a\\ud800@example.org","password":"long-enough-pw","displayName":"x","handle":"surrogate"}}}');
    expect(status).toBeLessThan(500);
    expect(json.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('writes nothing on a refused hostile request: a reply with NUL is refused whole', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: retorts });
    const refused = await replyRaw(t, alice.accessToken, { threadId: thread.id, body: 'a\u0000b' });
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    await reply(t, alice.accessToken, { threadId: thread.id });
    const count = await t.gqlOk<{ node: { postCount: number } }>(`query($id: ID!) { node(id: $id) { ... on Thread { postCount } } }`, { id: thread.id });
    expect(count.node.postCount).toBe(1);
  });
});

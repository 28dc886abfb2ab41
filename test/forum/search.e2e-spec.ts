import { adminToken } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { EDIT_POST } from '../support/documents';
import { createThread, errorCode, reply, topicId } from '../support/forum';

const SEARCH = `query($q: String!, $filter: SearchFilter, $first: Int, $after: String) {
  search(query: $q, filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { rank snippet thread { id title } post { id body } } } } }`;

describe('forum: full-text search (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: TestUser;
  let bob: TestUser;
  let topic: string;

  const search = async (q: string, extra: Record<string, unknown> = {}, token?: string) => (await t.gqlOk(SEARCH, { q, ...extra }, token)).search;
  const threadIds = (conn: any) => conn.edges.map((e: any) => e.node.thread.id);

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
    topic = await topicId(t, 'retorts');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('ranks a title match above a body match (weights A over B) and stems English', async () => {
    const inBody = await createThread(t, alice.accessToken, { topicId: topic, title: 'Question about camp equipment', body: 'We are comparing several kiln retorts for the cooperative.' });
    const inTitle = await createThread(t, alice.accessToken, { topicId: topic, title: 'Kiln retort designs', body: 'Which design lasts longest?' });
    const res = await search('kiln retort');
    expect(threadIds(res)).toEqual([inTitle.id, inBody.id]);
    expect(res.edges[0].node.rank).toBeGreaterThan(res.edges[1].node.rank);
    expect(res.edges[0].node.post).toBeNull();
    expect(res.totalCount).toBe(2);
  });

  it('is language-aware: French, Spanish, Portuguese and Indonesian stemming; simple for other languages', async () => {
    const fr = await createThread(t, alice.accessToken, { topicId: topic, language: 'fr', title: 'Les cornues artisanales', body: 'Nous fabriquons des cornues en acier.' });
    const es = await createThread(t, alice.accessToken, { topicId: topic, language: 'es', title: 'Concentrados gravimétricos', body: 'Los mineros lavan los concentrados.' });
    const pt = await createThread(t, alice.accessToken, { topicId: topic, language: 'pt-BR', title: 'Garimpeiros e retortas', body: 'As cooperativas compraram retortas novas.' });
    const id = await createThread(t, alice.accessToken, { topicId: topic, language: 'id', title: 'Pertambangan emas skala kecil', body: 'Para penambang memakai tromol.' });
    const de = await createThread(t, alice.accessToken, { topicId: topic, language: 'de', title: 'Quecksilberfreie Goldgewinnung', body: 'Schütteltische und Zentrifugen.' });
    expect(threadIds(await search('cornue'))).toEqual([fr.id]);
    expect(threadIds(await search('concentrado'))).toEqual([es.id]);
    expect(threadIds(await search('retortas'))).toEqual([pt.id]);
    expect(threadIds(await search('garimpeiro'))).toEqual([pt.id]);
    expect(threadIds(await search('tambang'))).toEqual([id.id]);
    expect(threadIds(await search('zentrifugen'))).toEqual([de.id]);
    const rows = await t.db.query<{ cfg: string }>(`SELECT forum_ts_config(language)::text AS cfg FROM threads WHERE id = ANY($1::uuid[]) ORDER BY title`, [[fr.id, es.id, pt.id, id.id, de.id]]);
    expect(rows.map((r) => r.cfg).sort()).toEqual(['french', 'indonesian', 'portuguese', 'simple', 'spanish']);
  });

  it('finds replies (hit with post), web-search syntax, snippets escaped with <mark>', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Tailings management basics', body: 'General notes.' });
    const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Use <b>geomembrane</b> when depth > 2 m & rain < 5 mm.' });
    const other = await createThread(t, alice.accessToken, { topicId: topic, title: 'Geomembrane suppliers', body: 'Looking for suppliers in Ghana.' });
    const res = await search('geomembrane');
    const postHit = res.edges.find((e: any) => e.node.post)?.node;
    expect(postHit.post.id).toBe(post.id);
    expect(postHit.thread.id).toBe(thread.id);
    expect(postHit.snippet).toContain('<mark>geomembrane</mark>');
    // ts_headline drops markup tags; what remains is escaped and only <mark> is HTML
    expect(postHit.snippet).toContain('depth &gt; 2 m &amp; rain');
    expect(postHit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(threadIds(await search('geomembrane -suppliers'))).toEqual([thread.id]);
    expect(threadIds(await search('"geomembrane suppliers"'))).toEqual([other.id]);
    expect(new Set(threadIds(await search('geomembrane OR zzqqxx')))).toEqual(new Set([thread.id, other.id]));
  });

  it('never returns deleted replies; edits are searchable at once', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Question on sluice carpets' });
    const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Use a moquette carpet.' });
    expect((await search('moquette')).totalCount).toBe(1);
    await t.gqlOk(EDIT_POST, { id: post.id, body: "Use a miner's moss mat." }, bob.accessToken);
    expect((await search('moquette')).totalCount).toBe(0);
    expect((await search('moss')).totalCount).toBe(1);
    await t.gqlOk(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: post.id }, bob.accessToken);
    expect((await search('moss')).totalCount).toBe(0);
    expect((await search('moss', {}, admin)).totalCount).toBe(0);
  });

  it('filters by topic (with subtopics) and kind', async () => {
    const q = await createThread(t, alice.accessToken, { topicId: topic, kind: 'QUESTION', title: 'Vermiculite question' });
    const d = await createThread(t, alice.accessToken, { topicId: await topicId(t, 'flotation'), kind: 'DISCUSSION', title: 'Vermiculite discussion' });
    expect(threadIds(await search('vermiculite', { filter: { kind: 'DISCUSSION' } }))).toEqual([d.id]);
    expect(threadIds(await search('vermiculite', { filter: { topicId: topic } }))).toEqual([q.id]);
    expect(threadIds(await search('vermiculite', { filter: { topicId: await topicId(t, 'mercury-free-processing') } }))).toEqual([d.id]);
    expect(errorCode(await t.gql(SEARCH, { q: 'vermiculite', filter: { topicId: 'nope' } }))).toBe('BAD_USER_INPUT');
  });

  it('pages over (rank, id) with stable cursors; validates query and first', async () => {
    const made: string[] = [];
    for (let i = 0; i < 5; i++) made.push((await createThread(t, alice.accessToken, { topicId: topic, title: `Paginated pyrolusite thread ${i}`, body: i % 2 ? 'pyrolusite pyrolusite' : 'other words' })).id);
    const all = await search('pyrolusite', { first: 100 });
    expect(all.totalCount).toBe(5);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const page: any = await search('pyrolusite', { first: 2, after });
      seen.push(...threadIds(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(threadIds(all));
    expect(new Set(seen)).toEqual(new Set(made));
    expect(errorCode(await t.gql(SEARCH, { q: 'pyrolusite', first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SEARCH, { q: '   ' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SEARCH, { q: 'x'.repeat(201) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SEARCH, { q: 'pyrolusite', after: 'bad' }))).toBe('BAD_USER_INPUT');
    // stop words only, or punctuation: a valid query that matches nothing
    expect((await search('the and of')).totalCount).toBe(0);
    expect((await search('!!! ((( ')).totalCount).toBe(0);
  });
});

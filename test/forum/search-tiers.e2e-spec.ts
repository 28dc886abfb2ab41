import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { createThread, reply, topicId } from '../support/forum';
import { renderMarkdown } from '../../src/forum/content/markdown';
import { sqlCounter } from '../support/sql-count';

const SEARCH = `query($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { rank snippet thread { id } post { id createdAt } } } } }`;

describe('forum: search over many matches — recency tiers, stable pages, capped count, ranking, snippets (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let topic: string;

  const search = async (q: string, extra: Record<string, unknown> = {}) => (await t.gqlOk(SEARCH, { q, ...extra })).search;

  /** `count` replies of one public thread with `words`, one second apart (the newest last), written in SQL. */
  const insertReplies = async (threadId: string, count: number, words: (i: number) => string, startAt = Date.UTC(2026, 0, 1)) => {
    const rows = await t.db.query<{ id: string; at: Date }>(
      `INSERT INTO posts (thread_id, author_id, body, body_html, language, created_at)
       SELECT $1, $2, w, '<p>' || w || '</p>', 'en', to_timestamp(($4::bigint + i * 1000) / 1000.0)
         FROM unnest($3::text[]) WITH ORDINALITY AS x(w, i)
       RETURNING id, created_at AS at`,
      [threadId, bob.id, Array.from({ length: count }, (_, i) => words(i)), startAt],
    );
    return rows.sort((a, b) => a.at.getTime() - b.at.getTime()).map((r) => r.id);
  };

  /** Every page of a search, in order. */
  const allPages = async (q: string, first: number, between?: (page: number) => Promise<void>) => {
    const edges: any[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page++) {
      const res: any = await search(q, { first, after });
      edges.push(...res.edges);
      if (!res.pageInfo.hasNextPage) return edges;
      after = res.pageInfo.endCursor;
      await between?.(page);
    }
    throw new Error('too many pages');
  };

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    alice = await registerUser(t, 'alice');
    bob = await registerUser(t, 'bob');
    topic = await topicId(t, 'retorts');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('pages over many matches: every match once, tier by tier newest first, ranked within a tier, stable when new matches arrive', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Logbook of the pilot plant', body: 'Daily notes.' });
    const total = 2600;
    // every fifth reply says the word twice: it ranks above the others of its tier
    const ids = await insertReplies(thread.id, total, (i) => (i % 5 === 0 ? `wollastonite wollastonite entry ${i}` : `wollastonite entry ${i}`));
    await t.db.query('ANALYZE posts'); // the tiers' width comes from the planner's estimate of the term
    const edges = await allPages('wollastonite', 100, async (page) => {
      // matches written while paging (newer, and older than everything) do not disturb the pages already started
      if (page === 2) {
        await insertReplies(thread.id, 3, () => 'wollastonite late entry', Date.UTC(2027, 0, 1));
        await insertReplies(thread.id, 3, () => 'wollastonite backdated entry', Date.UTC(2020, 0, 1));
      }
    });
    const seen = edges.map((e) => e.node.post.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen.filter((id) => ids.includes(id)))).toEqual(new Set(ids));

    // the cursor names each hit's tier [lo, hi) and its key: tiers follow each other down to the oldest
    const position = new Map(ids.map((id, i) => [id, i]));
    const hits = edges
      .map((e) => {
        const [hiAt, hiId, loAt, loId, , , at, id] = JSON.parse(Buffer.from(e.cursor, 'base64url').toString('utf8'));
        return { tier: `${hiAt ?? ''}/${hiId ?? ''}|${loAt ?? ''}/${loId ?? ''}`, hi: hiAt && [hiAt, hiId], lo: loAt && [loAt, loId], key: [at, id], i: position.get(id) };
      })
      .filter((h) => h.i !== undefined);
    const tiers: (typeof hits)[] = [];
    for (const h of hits) (tiers.length && tiers[tiers.length - 1][0].tier === h.tier ? tiers[tiers.length - 1] : (tiers.push([]), tiers[tiers.length - 1])).push(h);
    expect(tiers.length).toBeGreaterThan(3);
    expect(tiers.length).toBeLessThan(total / 50);
    const before = (a: string[], b: string[]) => a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
    tiers.forEach((tier, k) => {
      const { hi, lo } = tier[0];
      if (k === 0) expect(hi).toBeFalsy();
      else expect(hi).toEqual(tiers[k - 1][0].lo);
      for (const h of tier) {
        if (hi) expect(before(h.key, hi)).toBe(true);
        if (lo) expect(before(h.key, lo)).toBe(false);
      }
      // within a tier: the double mentions first, each group newest first
      const order = tier.map((h) => h.i!);
      const doubles = order.filter((i) => i % 5 === 0);
      expect(order).toEqual([...doubles.sort((a, b) => b - a), ...order.filter((i) => i % 5 !== 0).sort((a, b) => b - a)]);
    });
    expect(tiers[tiers.length - 1][0].lo).toBeFalsy();
  });

  it('totalCount is exact up to 1,000 matches of a kind, and an estimate of at least 1,001 above', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Sensor readings archive', body: 'Readings.' });
    await insertReplies(thread.id, 1000, () => 'tremolite reading');
    expect((await search('tremolite', { first: 0 })).totalCount).toBe(1000);
    await insertReplies(thread.id, 1500, () => 'tremolite reading');
    await t.db.query('ANALYZE posts');
    const estimated = (await search('tremolite', { first: 0 })).totalCount;
    expect(estimated).toBeGreaterThan(1000);
    const page = await search('tremolite', { first: 20 });
    expect(page.edges).toHaveLength(20);
    expect(page.pageInfo.hasNextPage).toBe(true);
  });

  it('ties in relevance: an accepted answer, then a thread with replies, then the newest first; title above body above replies', async () => {
    const question = await createThread(t, alice.accessToken, { kind: 'QUESTION', topicId: topic, title: 'Drying the concentrate', body: 'We use a heliodorite tray.' });
    const older = await reply(t, bob.accessToken, { threadId: question.id, body: 'A heliodorite tray works.' });
    const accepted = await reply(t, bob.accessToken, { threadId: question.id, body: 'Cover the heliodorite tray.' });
    const newer = await reply(t, bob.accessToken, { threadId: question.id, body: 'Any heliodorite tray will do.' });
    await t.gqlOk(`mutation($id: ID!) { acceptAnswer(postId: $id) { id } }`, { id: accepted.id }, alice.accessToken);
    const titled = await createThread(t, alice.accessToken, { kind: 'DISCUSSION', topicId: topic, title: 'Heliodorite trays compared', body: 'Notes.' });
    const unanswered = await createThread(t, alice.accessToken, { kind: 'DISCUSSION', topicId: topic, title: 'Drying racks', body: 'No heliodorite here, racks.' });
    const res = await search('heliodorite');
    const order = res.edges.map((e: any) => e.node.post?.id ?? e.node.thread.id);
    // title (A) first; then the body matches (B), threads and replies alike: the accepted answer and
    // the question it answers (the newer first), then the rest newest first
    expect(order).toEqual([titled.id, accepted.id, question.id, unanswered.id, newer.id, older.id]);
    expect(res.edges[0].node.rank).toBeGreaterThan(res.edges[1].node.rank);
  });

  it('snippets show text without Markdown syntax, escaped, with the matches marked', async () => {
    const md = '# Safety **first**\n\nRead [the zoisite guide](https://example.org/guide) and `zoisite < 5 g`:\n\n- wear gloves\n- > vent';
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Handling zoisite < 5 g & friends', body: 'Intro.' });
    const post = await reply(t, bob.accessToken, { threadId: thread.id, body: md });
    expect(renderMarkdown(md)).toContain('<h1>');
    const res = await search('zoisite');
    const hit = (id: string | null) => res.edges.find((e: any) => (e.node.post?.id ?? null) === id).node.snippet as string;
    const replySnippet = hit(post.id);
    expect(replySnippet).toContain('<mark>zoisite</mark>');
    expect(replySnippet).toContain('Safety first');
    expect(replySnippet).toContain('&lt; 5 g');
    expect(replySnippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>*#`[\]]|\]\(|https:/);
    const threadSnippet = hit(null);
    expect(threadSnippet).toContain('Handling <mark>zoisite</mark> &lt; 5 g &amp; friends');
  });

  it('a page is one SQL statement once its query text was parsed: few matches, many (the first page and the next), a topic filter', async () => {
    const statements = sqlCounter(t);
    const PAGE = `query($q: String!, $filter: SearchFilter, $first: Int, $after: String) {
      search(query: $q, filter: $filter, first: $first, after: $after) {
        pageInfo { hasNextPage endCursor } edges { cursor node { rank snippet thread { id title kind } post { id body } } } } }`;
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Spodumene and lepidolite', body: 'Spodumene notes.' });
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'More spodumene here.' });
    await insertReplies(thread.id, 1200, (i) => `lepidolite sample ${i}`);
    await t.db.query('ANALYZE posts');

    // the first search of a text parses it (and counts its matches): more statements, once
    const parsing = await statements(PAGE, { q: 'spodumene -granite', first: 20 });
    expect(parsing.statements).toBeGreaterThan(1);
    for (const vars of [{ q: 'spodumene -granite', first: 20 }, { q: 'spodumene -granite', filter: { topicId: topic }, first: 20 }]) {
      const page = await statements(PAGE, vars);
      expect(page.data.search.edges).toHaveLength(2);
      expect(page.statements).toBe(1);
    }

    // many matches: the first page finds its tier once, then each first page and the next one are one statement
    await statements(PAGE, { q: 'lepidolite', first: 20 });
    const first = await statements(PAGE, { q: 'lepidolite', first: 20 });
    expect(first.data.search.edges).toHaveLength(20);
    expect(first.statements).toBe(1);
    const next = await statements(PAGE, { q: 'lepidolite', first: 20, after: first.data.search.pageInfo.endCursor });
    expect(next.data.search.edges).toHaveLength(20);
    expect(next.statements).toBe(1);
    const seen = [...first.data.search.edges, ...next.data.search.edges].map((e: any) => e.node.post?.id ?? e.node.thread.id);
    expect(new Set(seen).size).toBe(40);
  });
});

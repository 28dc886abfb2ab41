import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { createThread, reply, topicId } from '../support/forum';
import { renderMarkdown } from '../../src/forum/content/markdown';

const SEARCH = `query($q: String!, $first: Int, $after: String) {
  search(query: $q, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { rank snippet thread { id } post { id createdAt } } } } }`;

/** The service ranks tiers of this many newest matches (src/forum/search/search.sql.ts CANDIDATES). */
const TIER = 200;

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

  it('pages over more matches than a tier: every match once, tier by tier newest first, stable when new matches arrive', async () => {
    const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Logbook of the pilot plant', body: 'Daily notes.' });
    const total = 2 * TIER + 57;
    // every fifth reply says the word twice: it ranks above the others of its tier
    const ids = await insertReplies(thread.id, total, (i) => (i % 5 === 0 ? `wollastonite wollastonite entry ${i}` : `wollastonite entry ${i}`));
    const first = await search('wollastonite', { first: 0 });
    expect(first.totalCount).toBe(total);

    const edges = await allPages('wollastonite', 37, async (page) => {
      // a newer match written while paging is not needed to continue: the pages already started stay the same
      if (page === 2) await insertReplies(thread.id, 3, () => 'wollastonite late entry', Date.UTC(2027, 0, 1));
    });
    const seen = edges.map((e) => e.node.post.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen.filter((id) => ids.includes(id)))).toEqual(new Set(ids));
    // tiers: the first TIER hits are the TIER newest replies, ranked; then the next TIER, ...
    const position = new Map(ids.map((id, i) => [id, i]));
    const tiers = [seen.slice(0, TIER), seen.slice(TIER, 2 * TIER), seen.slice(2 * TIER, total)];
    expect(tiers.map((tier) => tier.map((id) => position.get(id)!).sort((a, b) => a - b))).toEqual([
      ids.slice(total - TIER).map((id) => position.get(id)!),
      ids.slice(total - 2 * TIER, total - TIER).map((id) => position.get(id)!),
      ids.slice(0, total - 2 * TIER).map((id) => position.get(id)!),
    ]);
    // within a tier: the double mentions first, each group newest first
    for (const tier of tiers) {
      const order = tier.map((id) => position.get(id)!);
      const doubles = order.filter((i) => i % 5 === 0);
      expect(order).toEqual([...doubles.sort((a, b) => b - a), ...order.filter((i) => i % 5 !== 0).sort((a, b) => b - a)]);
    }
    const ranks = edges.slice(0, TIER).map((e) => e.node.rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
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
});

import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { ACCEPT_ANSWER, CREATE_TOPIC, EDIT_POST, VOTE_POST } from '../support/documents';
import { createThread, errorCode, reply } from '../support/forum';
import { sqlCounter } from '../support/sql-count';

const THREADS = `query($filter: ThreadFilter, $orderBy: ThreadOrder, $first: Int, $after: String) {
  threads(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title pinned score kind answered tags author { id } } } } }`;

describe('forum: thread lists, filters, pagination, batching (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let users: TestUser[];
  let topicId: string;
  let childTopicId: string;

  const list = async (vars: Record<string, unknown>, token?: string) => (await t.gqlOk(THREADS, vars, token)).threads;
  const ids = (conn: any) => conn.edges.map((e: any) => e.node.id);

  beforeAll(async () => {
    t = await startTestApp(withAdmin());
    admin = await adminToken(t);
    users = await Promise.all(['ana', 'ben', 'cai', 'dee'].map((p) => registerUser(t, p)));
    // authors with organizations of different sectors, for the batching test
    await joinSector(t, admin, users[0], 'NGO');
    await joinSector(t, admin, users[1], 'ACADEMIA');
    await joinSector(t, admin, users[2], 'GOVERNMENT');
    const create = CREATE_TOPIC;
    topicId = (await t.gqlOk(create, { input: { name: 'Lists', slug: 'lists' } }, admin)).createTopic.id;
    childTopicId = (await t.gqlOk(create, { input: { name: 'Lists child', slug: 'lists-child', parentId: topicId } }, admin)).createTopic.id;
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('orders and filters', () => {
    let a: any, b: any, c: any, d: any;

    beforeAll(async () => {
      a = await createThread(t, users[0].accessToken, { topicId, kind: 'QUESTION', title: 'Thread A question', tags: ['alpha'] });
      b = await createThread(t, users[1].accessToken, { topicId: childTopicId, kind: 'DISCUSSION', title: 'Thread B discussion', tags: ['beta'] });
      c = await createThread(t, users[2].accessToken, { topicId, kind: 'QUESTION', title: 'Thread C question', tags: ['alpha', 'gamma'] });
      d = await createThread(t, users[3].accessToken, { topicId, kind: 'QUESTION', title: 'Thread D pinned' });
      await t.db.query(`UPDATE threads SET pinned = true WHERE id = $1`, [d.id]);
      // activity: a reply to A makes it the most recently active
      const answer = await reply(t, users[1].accessToken, { threadId: a.id });
      await t.gqlOk(VOTE_POST, { id: answer.id, v: 1 }, users[2].accessToken);
      await t.gqlOk(ACCEPT_ANSWER, { id: answer.id }, users[0].accessToken);
      const onC = await reply(t, users[0].accessToken, { threadId: c.id });
      await t.gqlOk(`mutation($id: ID!) { votePost(postId: $id, value: 1) { id } }`, { id: onC.id }, users[1].accessToken);
      await t.gqlOk(`mutation($id: ID!) { votePost(postId: $id, value: 1) { id } }`, { id: onC.id }, users[3].accessToken);
      await reply(t, users[3].accessToken, { threadId: b.id });
    });

    it('ACTIVITY (default): pinned first, then the latest activity', async () => {
      expect(ids(await list({ filter: { topicId } }))).toEqual([d.id, b.id, c.id, a.id]);
    });

    it('NEWEST: pinned first, then creation time', async () => {
      expect(ids(await list({ filter: { topicId }, orderBy: 'NEWEST' }))).toEqual([d.id, c.id, b.id, a.id]);
    });

    it('TOP: pinned first, then score (sum of reply scores)', async () => {
      const top = await list({ filter: { topicId }, orderBy: 'TOP' });
      expect(ids(top)).toEqual([d.id, c.id, a.id, b.id]);
      expect(top.edges.map((e: any) => e.node.score)).toEqual([0, 2, 1, 0]);
    });

    it('bodies are read only when asked for; a reply\'s thread in the same request still has its body', async () => {
      const stored = (await t.db.query(`SELECT body, body_html FROM threads WHERE id = $1`, [a.id]))[0] as { body: string; body_html: string };
      const query = `query($filter: ThreadFilter) { threads(filter: $filter) { edges { node { id title posts(first: 1) { edges { node { thread { id body bodyHtml } } } } } } } }`;
      const without = (await t.gqlOk(query, { filter: { topicId } })).threads.edges.find((e: any) => e.node.id === a.id).node;
      expect(without.posts.edges[0].node.thread).toEqual({ id: a.id, body: stored.body, bodyHtml: stored.body_html });
      const withBodies = (await t.gqlOk(`query($filter: ThreadFilter) { threads(filter: $filter) { edges { node { id body bodyHtml } } } }`, { filter: { topicId } })).threads.edges;
      expect(withBodies.find((e: any) => e.node.id === a.id).node).toEqual({ id: a.id, body: stored.body, bodyHtml: stored.body_html });
      expect(stored.body.length).toBeGreaterThan(0);
    });

    it('filters: topic (with subtopics), kind, unanswered, tag, author', async () => {
      expect(ids(await list({ filter: { topicId: childTopicId } }))).toEqual([b.id]);
      expect(ids(await list({ filter: { topicId, kind: 'DISCUSSION' } }))).toEqual([b.id]);
      expect(ids(await list({ filter: { topicId, unanswered: true } }))).toEqual([d.id, c.id]);
      expect(ids(await list({ filter: { topicId, tag: ' Alpha ' } }))).toEqual([c.id, a.id]);
      // a tag that normalizes to nothing matches nothing (the filter is not dropped)
      expect(ids(await list({ filter: { topicId, tag: '   ' } }))).toEqual([]);
      expect((await list({ filter: { topicId, tag: '' } })).totalCount).toBe(0);
      expect(ids(await list({ filter: { topicId, authorId: users[2].id } }))).toEqual([c.id]);
      expect(errorCode(await t.gql(THREADS, { filter: { authorId: 'not-a-uuid' } }))).toBe('BAD_USER_INPUT');
      expect(ids(await list({ filter: { topicId: '00000000-0000-4000-8000-000000000000' } }))).toEqual([]);
      expect((await list({ filter: { topicId, unanswered: true } })).totalCount).toBe(2);
    });
  });

  describe('pagination', () => {
    let topic: string;
    let all: string[];

    beforeAll(async () => {
      topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Paging', slug: 'paging' } }, admin)).createTopic.id;
      for (let i = 0; i < 7; i++) await createThread(t, users[i % 4].accessToken, { topicId: topic, title: `Paging thread ${i}` });
      const pinned = (await list({ filter: { topicId: topic }, orderBy: 'NEWEST' })).edges[4].node.id;
      await t.db.query(`UPDATE threads SET pinned = true WHERE id = $1`, [pinned]);
      all = ids(await list({ filter: { topicId: topic }, first: 100 }));
      expect(all[0]).toBe(pinned);
    });

    it.each(['ACTIVITY', 'NEWEST', 'TOP'])('%s: pages of 2 cover the list exactly once, across the pinned boundary', async (orderBy) => {
      const full = ids(await list({ filter: { topicId: topic }, orderBy, first: 100 }));
      const seen: string[] = [];
      let after: string | null = null;
      for (let guard = 0; guard < 10; guard++) {
        const page: any = await list({ filter: { topicId: topic }, orderBy, first: 2, after });
        seen.push(...ids(page));
        // counted with the page (one statement), the whole list's count on every page
        expect(page.totalCount).toBe(7);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(full);
      expect(seen).toHaveLength(7);
      // past the end: an empty page, still the whole list's count
      const past: any = await list({ filter: { topicId: topic }, orderBy, first: 2, after: (await list({ filter: { topicId: topic }, orderBy, first: 7 })).pageInfo.endCursor });
      expect(past.edges).toEqual([]);
      expect(past.totalCount).toBe(7);
    });

    it('cursors are stable: new activity at the top does not shift later pages', async () => {
      const first = await list({ filter: { topicId: topic }, first: 3 });
      const next = ids(await list({ filter: { topicId: topic }, first: 3, after: first.pageInfo.endCursor }));
      await createThread(t, users[0].accessToken, { topicId: topic, title: 'A brand new thread' });
      expect(ids(await list({ filter: { topicId: topic }, first: 3, after: first.pageInfo.endCursor }))).toEqual(next);
      expect(next).toEqual(all.slice(3, 6));
    });

    it('first > 100 and a malformed cursor are BAD_USER_INPUT; first: 0 gives an empty page', async () => {
      expect(errorCode(await t.gql(THREADS, { first: 101 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(THREADS, { first: -1 }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(THREADS, { after: 'garbage' }))).toBe('BAD_USER_INPUT');
      const empty = await list({ filter: { topicId: topic }, first: 0 });
      expect(empty.edges).toEqual([]);
      expect(empty.totalCount).toBe(8);
    });
  });

  describe('no N+1', () => {
    let count: ReturnType<typeof sqlCounter>;

    beforeAll(() => {
      count = sqlCounter(t);
    });

    /** SQL statements one request sends (the same on every run). */
    const statements = async (query: string, vars: Record<string, unknown>, token?: string): Promise<number> => {
      const counts: number[] = [];
      for (let i = 0; i < 2; i++) counts.push((await count(query, vars, token)).statements);
      expect(counts[1]).toBe(counts[0]);
      return counts[0];
    };

    it('a thread page with authors, their organizations and topics costs the same SQL for 5 or 20 threads', async () => {
      const topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Batching', slug: 'batching' } }, admin)).createTopic.id;
      const child = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Batching child', slug: 'batching-child', parentId: topic } }, admin)).createTopic.id;
      for (let i = 0; i < 20; i++) await createThread(t, users[i % 4].accessToken, { topicId: i % 2 ? topic : child });
      const query = `query($filter: ThreadFilter, $first: Int) { threads(filter: $filter, first: $first) { edges { node {
        id title author { id handle organization { id name sector } } lastPoster { id } topic { id slug parent { slug } threadCount }
        acceptedAnswer { id } viewerWatching } } } }`;
      const small = await statements(query, { filter: { topicId: topic }, first: 5 }, users[0].accessToken);
      const large = await statements(query, { filter: { topicId: topic }, first: 20 }, users[0].accessToken);
      const page = (await t.gqlOk(query, { filter: { topicId: topic }, first: 20 }, users[0].accessToken)).threads.edges;
      expect(page).toHaveLength(20);
      expect(new Set(page.map((e: any) => e.node.author.organization?.id ?? null)).size).toBe(4);
      expect(small).toBeGreaterThanOrEqual(2);
      expect(large).toBe(small);
      // the viewer; the page with authors, their organizations and topics (parents among them); threadCount; viewerWatching
      expect(large).toBeLessThanOrEqual(4);
    });

    it('a list page with authors, their organizations, topics and totalCount is one statement; a thread page with authors and votes two', async () => {
      const topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'One statement', slug: 'one-statement' } }, admin)).createTopic.id;
      for (let i = 0; i < 6; i++) await createThread(t, users[i % 4].accessToken, { topicId: topic });
      const listQuery = `query($filter: ThreadFilter, $first: Int) { threads(filter: $filter, first: $first) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id title postCount author { id handle organization { id name sector } } topic { id slug name } } } } }`;
      expect(await statements(listQuery, { filter: { topicId: topic }, first: 5 })).toBe(1);
      // signed in: at most the viewer's own lookup more
      const viewer = (await statements(listQuery, { filter: { topicId: topic }, first: 5 }, users[0].accessToken)) - 1;
      expect(viewer).toBeLessThanOrEqual(1);
      const answer = await t.gqlOk(listQuery, { filter: { topicId: topic }, first: 5 });
      expect(answer.threads.totalCount).toBe(6);
      expect(answer.threads.edges.filter((e: any) => e.node.author.organization !== null)).toHaveLength(4);

      const thread = answer.threads.edges[0].node.id;
      for (let i = 0; i < 6; i++) {
        const post = await reply(t, users[(i % 3) + 1].accessToken, { threadId: thread, body: `Reply ${i}` });
        if (i % 2 === 0) await t.gqlOk(VOTE_POST, { id: post.id, v: 1 }, users[0].accessToken);
      }
      const pageQuery = `query($id: ID!, $first: Int) { thread(id: $id) { id title author { id handle } topic { id slug }
        posts(first: $first) { pageInfo { hasNextPage endCursor } edges { cursor node { id bodyHtml score viewerVote author { id handle displayName } } } } } }`;
      expect(await statements(pageQuery, { id: thread, first: 5 }, users[0].accessToken)).toBe(viewer + 2);
      const page = (await t.gqlOk(pageQuery, { id: thread, first: 5 }, users[0].accessToken)).thread;
      expect(page.posts.edges.map((e: any) => e.node.viewerVote)).toEqual([1, 0, 1, 0, 1]);
      expect(page.posts.pageInfo.hasNextPage).toBe(true);
    });

    it('a thread page with the first replies of each thread (nested posts) costs the same SQL for 5 or 20 threads', async () => {
      const topic = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Nested posts', slug: 'nested-posts' } }, admin)).createTopic.id;
      for (let i = 0; i < 20; i++) {
        const thread = await createThread(t, users[i % 4].accessToken, { topicId: topic });
        for (let j = 0; j < (i % 5); j++) await reply(t, users[(i + j + 1) % 4].accessToken, { threadId: thread.id, body: `Reply ${j} to ${i}` });
      }
      const query = `query($filter: ThreadFilter, $first: Int) { threads(filter: $filter, first: $first) { edges { node {
        id postCount posts(first: 3) { totalCount pageInfo { hasNextPage endCursor } edges { node { id body author { id } parent { id } viewerVote } } } } } } }`;
      const small = await statements(query, { filter: { topicId: topic }, first: 5 }, users[0].accessToken);
      const large = await statements(query, { filter: { topicId: topic }, first: 20 }, users[0].accessToken);
      const page = (await t.gqlOk(query, { filter: { topicId: topic }, first: 20 }, users[0].accessToken)).threads.edges;
      expect(page).toHaveLength(20);
      for (const { node } of page) {
        expect(node.posts.totalCount).toBe(node.postCount);
        expect(node.posts.edges).toHaveLength(Math.min(3, node.postCount));
        expect(node.posts.pageInfo.hasNextPage).toBe(node.postCount > 3);
      }
      expect(large).toBe(small);
      // the viewer; the threads; their posts pages (with authors and votes); the posts' totalCounts
      expect(large).toBeLessThanOrEqual(4);
      // the batched page's cursors continue the same list a single-thread query gives
      const busy = page.find((e: any) => e.node.postCount === 4).node;
      const rest = (await t.gqlOk(`query($id: ID!, $after: String) { thread(id: $id) { posts(first: 10, after: $after) { edges { node { id } } } } }`,
        { id: busy.id, after: busy.posts.pageInfo.endCursor }, users[0].accessToken)).thread.posts.edges;
      expect(rest).toHaveLength(1);
      expect(busy.posts.edges.map((e: any) => e.node.id)).not.toContain(rest[0].node.id);
    }, 180_000);

    it('a 50-post thread page with authors, viewerVote, parents and revisions costs the same SQL as a 5-post page', async () => {
      const thread = await createThread(t, users[0].accessToken, { topicId });
      let parent: string | null = null;
      for (let i = 0; i < 50; i++) {
        const post = await reply(t, users[(i % 3) + 1].accessToken, { threadId: thread.id, parentId: i % 5 === 4 ? parent : null, body: `Post ${i}` });
        parent = post.id;
        if (i % 2 === 0) await t.gqlOk(VOTE_POST, { id: post.id, v: 1 }, users[0].accessToken);
        if (i % 4 === 0) await t.gqlOk(EDIT_POST, { id: post.id, body: 'Edited' }, users[(i % 3) + 1].accessToken);
      }
      const query = `query($id: ID!, $first: Int) { thread(id: $id) { id posts(first: $first) { edges { node {
        id body score viewerVote accepted author { id organization { id } } parent { id author { id } } thread { id } revisions { version editor { id } } } } } } }`;
      const small = await statements(query, { id: thread.id, first: 5 }, users[0].accessToken);
      const large = await statements(query, { id: thread.id, first: 50 }, users[0].accessToken);
      const page = (await t.gqlOk(query, { id: thread.id, first: 50 }, users[0].accessToken)).thread.posts.edges;
      expect(page).toHaveLength(50);
      expect(page.filter((e: any) => e.node.viewerVote === 1)).toHaveLength(25);
      expect(page.filter((e: any) => e.node.revisions.length === 1)).toHaveLength(13);
      expect(small).toBeGreaterThanOrEqual(2);
      expect(large).toBe(small);
      // the viewer; the thread; the posts (with authors, their organizations and votes); parents; revisions (editors are authors)
      expect(large).toBeLessThanOrEqual(5);
    });
  });
});

import { loadConfig } from '../../src/platform/config/app-config';
import { DataSource } from 'typeorm';
import { TOPIC_TREE } from '../../src/forum/topics/topic-tree';
import { DEMO_FLAGS, DEMO_LIVE_SESSIONS, DEMO_ORGANIZATIONS, DEMO_THREADS, DEMO_USERS } from '../../src/seed/demo-data';
import { SeedService } from '../../src/seed/seed.service';
import { LOGIN } from '../support/documents';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { login } from '../support/users';

const countTopics = (topics: { children?: unknown[] }[]): number => topics.reduce((n, t) => n + 1 + countTopics((t.children ?? []) as { children?: unknown[] }[]), 0);
const countReplies = (replies: { replies?: unknown[] }[]): number => replies.reduce((n, r) => n + 1 + countReplies((r.replies ?? []) as { replies?: unknown[] }[]), 0);
const DEMO_REPLIES = DEMO_THREADS.reduce((n, t) => n + countReplies(t.replies), 0);
/** The password the demo was seeded with in these tests (set through DEMO_PASSWORD). */
const DEMO_PASSWORD = 'chosen-demo-password-for-tests';
/** The password earlier versions documented for every demo account. */
const OLD_DOCUMENTED_PASSWORD = 'demo-password-2026';

async function counts(db: TestDatabase): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM topics) AS topics,
    (SELECT count(*)::int FROM threads) AS threads,
    (SELECT count(*)::int FROM posts) AS posts,
    (SELECT count(*)::int FROM users WHERE is_demo) AS demo_users,
    (SELECT count(*)::int FROM organizations) AS organizations,
    (SELECT count(*)::int FROM memberships WHERE status = 'APPROVED') AS memberships,
    (SELECT count(*)::int FROM post_votes) AS votes`);
  return row;
}

describe('forum: demo content seed (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true', DEMO_PASSWORD });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('loads the topic tree, organizations, demo people and ~30 demo threads with replies', async () => {
    const c = await counts(t.db);
    expect(c.topics).toBe(countTopics(TOPIC_TREE));
    expect(c.threads).toBe(DEMO_THREADS.length + DEMO_LIVE_SESSIONS.filter((s) => s.status === 'ENDED').length);
    expect(c.threads).toBeGreaterThanOrEqual(25);
    expect(c.posts).toBe(DEMO_REPLIES);
    expect(c.demo_users).toBe(DEMO_USERS.length);
    expect(c.organizations).toBe(DEMO_ORGANIZATIONS.length);
    expect(c.memberships).toBe(DEMO_USERS.filter((u) => u.organizationKey).length);
    expect(c.votes).toBeGreaterThan(0);
    const topics = (await t.gqlOk(`{ topics { slug children { slug } } }`)).topics;
    expect(topics).toHaveLength(TOPIC_TREE.length);
  });

  it('labels everything demo: people "(demo)" and is_demo, thread bodies end with the demo line', async () => {
    const people = await t.db.query<{ display_name: string; is_demo: boolean }>(`SELECT display_name, is_demo FROM users`);
    for (const p of people) {
      expect(p.is_demo).toBe(true);
      expect(p.display_name).toMatch(/\(demo\)$/);
    }
    const bodies = await t.db.query<{ body: string }>(`SELECT body FROM threads`);
    for (const b of bodies) expect(b.body.trimEnd()).toMatch(/_Sample thread \(demo data\)\._$/);
  });

  it('has an upcoming live session with RSVPs and pre-asked questions, and an ended one with its archive thread', async () => {
    const upcoming = (await t.gqlOk(`{ liveSessions(status: SCHEDULED) { edges { node { title rsvpCount questions { body upvotes } hosts { displayName } } } } }`)).liveSessions.edges.map((e: any) => e.node);
    expect(upcoming.length).toBeGreaterThan(0);
    expect(upcoming[0].rsvpCount).toBeGreaterThan(0);
    expect(upcoming[0].questions.length).toBeGreaterThan(0);
    expect(upcoming[0].questions[0].upvotes).toBeGreaterThan(0);
    expect(upcoming[0].title).toMatch(/\(demo\)$/);
    const ended = (await t.gqlOk(`{ liveSessions(status: ENDED) { edges { node { title summary archiveThread { title body } } } } }`)).liveSessions.edges.map((e: any) => e.node);
    expect(ended.length).toBeGreaterThan(0);
    expect(ended[0].archiveThread.title).toBe(`Live session: ${ended[0].title}`);
    expect(ended[0].archiveThread.body).toContain(ended[0].summary);
    expect(ended[0].archiveThread.body).toMatch(/Answered questions \(1\)[\s\S]*Unanswered questions \(1\)/);
    const [{ rsvps }] = await t.db.query<{ rsvps: number }>(`SELECT count(*)::int AS rsvps FROM live_session_rsvps`);
    expect(rsvps).toBe(DEMO_LIVE_SESSIONS.reduce((n, s) => n + s.rsvpKeys.length, 0));
  });

  it('counters are consistent: postCount (visible and hidden replies), thread scores, activity, accepted answers, member counts', async () => {
    const bad = await t.db.query(`SELECT t.id FROM threads t
      WHERE t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)
         OR t.hidden_post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND p.hidden)
         OR t.score <> (SELECT coalesce(sum(p.score), 0) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)
         OR t.last_activity_at <> greatest(t.created_at, (SELECT max(p.created_at) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden))
         OR (EXISTS (SELECT 1 FROM posts h WHERE h.thread_id = t.id AND h.hidden)
             AND t.last_poster_id IS DISTINCT FROM (SELECT p.author_id FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden ORDER BY p.created_at DESC, p.id DESC LIMIT 1))
         OR (t.accepted_post_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM posts p WHERE p.id = t.accepted_post_id AND p.accepted AND p.thread_id = t.id))`);
    expect(bad).toEqual([]);
    const scores = await t.db.query(`SELECT p.id FROM posts p WHERE p.score <> (SELECT coalesce(sum(v.value), 0) FROM post_votes v WHERE v.post_id = p.id)`);
    expect(scores).toEqual([]);
    const [{ answered }] = await t.db.query<{ answered: number }>(`SELECT count(*)::int AS answered FROM threads WHERE accepted_post_id IS NOT NULL`);
    expect(answered).toBeGreaterThan(10);
    const acceptedBad = await t.db.query(`SELECT p.id FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.accepted <> (t.accepted_post_id IS NOT DISTINCT FROM p.id)`);
    expect(acceptedBad).toEqual([]);
    const unwatched = await t.db.query(`SELECT t.id FROM threads t WHERE NOT EXISTS (SELECT 1 FROM thread_watchers w WHERE w.thread_id = t.id AND w.user_id = t.author_id)`);
    expect(unwatched).toEqual([]);
    // reputation as the rules give it: per visible answer (reply in a QUESTION thread) one answer, +10 per upvote,
    // -2 per downvote, +15 when accepted by someone else; the latest answer's time (hidden ones too)
    const reputationBad = await t.db.query(`WITH answers AS (
        SELECT p.author_id, p.created_at, NOT p.hidden AND NOT p.deleted AS earns, p.accepted AND p.author_id <> t.author_id AS accepted_by_other,
               (SELECT coalesce(sum(CASE WHEN v.value > 0 THEN 10 ELSE -2 END), 0) FROM post_votes v WHERE v.post_id = p.id) AS votes
          FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.kind = 'QUESTION'),
      expected AS (
        SELECT author_id AS user_id, count(*) FILTER (WHERE earns)::int AS answers,
               count(*) FILTER (WHERE earns AND accepted_by_other)::int AS accepted,
               coalesce(sum(votes + CASE WHEN accepted_by_other THEN 15 ELSE 0 END) FILTER (WHERE earns), 0)::int AS reputation,
               max(created_at) AS last_answered_at
          FROM answers GROUP BY author_id)
      SELECT u.handle FROM users u LEFT JOIN user_reputation r ON r.user_id = u.id LEFT JOIN expected e ON e.user_id = u.id
       WHERE coalesce(r.reputation, 0) <> coalesce(e.reputation, 0) OR coalesce(r.answer_count, 0) <> coalesce(e.answers, 0)
          OR coalesce(r.accepted_answer_count, 0) <> coalesce(e.accepted, 0) OR r.last_answered_at IS DISTINCT FROM e.last_answered_at`);
    expect(reputationBad).toEqual([]);
    const [{ reputed }] = await t.db.query<{ reputed: number }>(`SELECT count(*)::int AS reputed FROM user_reputation WHERE reputation > 0 AND accepted_answer_count > 0`);
    expect(reputed).toBeGreaterThan(0);
    const orgs = await t.db.query(`SELECT o.id FROM organizations o WHERE o.member_count <> (SELECT count(*) FROM memberships m WHERE m.organization_id = o.id AND m.status = 'APPROVED')`);
    expect(orgs).toEqual([]);
    const topicCounts = await t.db.query(`SELECT tp.slug FROM topics tp WHERE tp.thread_count <> (
      SELECT count(*) FROM threads th WHERE th.topic_id IN (
        WITH RECURSIVE sub AS (SELECT id FROM topics WHERE id = tp.id UNION ALL SELECT c.id FROM topics c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub))`);
    expect(topicCounts).toEqual([]);
  });

  it('gives the demo moderator a queue to work: open flags by several demo people, the auto-hidden spam reply first', async () => {
    const moderator = DEMO_USERS.find((u) => u.role === 'MODERATOR')!;
    const session = await login(t, moderator.email, DEMO_PASSWORD);
    const queue = (
      await t.gqlOk(
        `{ moderationQueue(first: 20) { totalCount edges { node { targetType flagCount status reason note reporter { displayName } post { id hidden body thread { id postCount } } thread { id title } user { handle } } } } }`,
        {},
        session.accessToken,
      )
    ).moderationQueue;
    expect(queue.totalCount).toBe(DEMO_FLAGS.length);
    const nodes = queue.edges.map((e: any) => e.node);
    expect(nodes.every((n: any) => n.status === 'OPEN' && n.reporter.displayName.endsWith('(demo)'))).toBe(true);
    expect(nodes.map((n: any) => n.flagCount)).toEqual([...nodes.map((n: any) => n.flagCount)].sort((x: number, y: number) => y - x));
    // most flagged first: the spam reply, hidden at once by its three flags (FLAG_AUTO_HIDE_THRESHOLD 3)
    const [spam] = nodes;
    expect(spam).toMatchObject({ targetType: 'POST', flagCount: 3, reason: 'SPAM', post: { hidden: true, body: expect.stringContaining('Sample spam reply (demo data)') } });
    expect(nodes.filter((n: any) => n.post?.hidden)).toHaveLength(1);
    expect(new Set(nodes.map((n: any) => n.targetType))).toEqual(new Set(['POST', 'USER', 'THREAD']));
    const [{ flaggers }] = await t.db.query<{ flaggers: number }>(`SELECT count(DISTINCT reporter_id)::int AS flaggers FROM flags`);
    expect(flaggers).toBeGreaterThanOrEqual(5);
    // the auto-hide went through the real path: logged, and the author told
    const [{ n: autoHides }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM moderation_actions WHERE action = 'AUTO_HIDE' AND target_id = $1`, [spam.post.id]);
    expect(autoHides).toBe(1);
    // Members and anonymous readers never see it: not listed, not counted; the moderator sees both.
    const THREAD = `query($id: ID!) { thread(id: $id) { postCount posts { totalCount edges { node { id } } } } }`;
    const anon = (await t.gqlOk(THREAD, { id: spam.post.thread.id })).thread;
    expect(anon.posts.edges.map((e: any) => e.node.id)).not.toContain(spam.post.id);
    expect(anon.postCount).toBe(spam.post.thread.postCount - 1);
    expect((await t.gqlOk(`query($id: ID!) { post(id: $id) { id } }`, { id: spam.post.id })).post).toBeNull();
  });

  it('serves the demo through the API: pinned welcome first, sector threads only to their sector', async () => {
    const list = (await t.gqlOk(`{ threads(first: 100) { totalCount edges { node { title pinned visibility { scope } author { displayName } } } } }`)).threads;
    expect(list.edges[0].node.pinned).toBe(true);
    expect(list.edges.every((e: any) => e.node.visibility.scope === 'PUBLIC')).toBe(true);
    expect(list.edges.every((e: any) => e.node.author.displayName.endsWith('(demo)'))).toBe(true);
    const sectorThreads = DEMO_THREADS.filter((x) => x.visibility.scope === 'SECTORS');
    expect(sectorThreads.length).toBeGreaterThan(0);
    // a GOVERNMENT demo member sees the GOVERNMENT threads; the password is DEMO_PASSWORD
    const govUser = DEMO_USERS.find((u) => u.organizationKey && DEMO_ORGANIZATIONS.find((o) => o.key === u.organizationKey)?.sector === 'GOVERNMENT' && u.role === 'MEMBER')!;
    const session = await login(t, govUser.email, DEMO_PASSWORD);
    const asGov = (await t.gqlOk(`{ threads(first: 100) { totalCount edges { node { visibility { scope sectors } } } } }`, {}, session.accessToken)).threads;
    expect(asGov.totalCount).toBeGreaterThan(list.totalCount);
    expect(asGov.edges.some((e: any) => e.node.visibility.sectors.includes('GOVERNMENT'))).toBe(true);
    const found = (await t.gqlOk(`{ search(query: "retort") { totalCount } }`)).search.totalCount;
    expect(found).toBeGreaterThan(0);
  });

  it('demo accounts use DEMO_PASSWORD, never the formerly documented password', async () => {
    for (const u of DEMO_USERS.filter((x) => ['MODERATOR', 'EXPERT'].includes(x.role)).slice(0, 2)) {
      expect((await t.gql(LOGIN, { input: { email: u.email, password: OLD_DOCUMENTED_PASSWORD } })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await t.gqlOk(LOGIN, { input: { email: u.email, password: DEMO_PASSWORD } })).login.accessToken).toBeTruthy();
    }
  });

  it('no demo account administers a real (non-demo) organization', async () => {
    const admins = await t.db.query<{ name: string }>(`SELECT o.name FROM memberships m JOIN organizations o ON o.id = m.organization_id
      JOIN users u ON u.id = m.user_id WHERE u.is_demo AND m.org_role = 'ORG_ADMIN'`);
    expect(admins.length).toBeGreaterThan(0); // the fictional demo organization keeps its admin
    for (const a of admins) expect(a.name).toMatch(/\(demo\)$/);
    const real = DEMO_ORGANIZATIONS.filter((o) => !/\(demo\)$/.test(o.name)).map((o) => o.key);
    expect(DEMO_USERS.filter((u) => u.orgRole === 'ORG_ADMIN' && real.includes(u.organizationKey ?? ''))).toEqual([]);
  });

  it('a repeated voter in the demo data adds one vote and one score delta (no double count)', async () => {
    const seed = t.app.get(SeedService) as any;
    const userIds = new Map<string, string>((await t.db.query<{ id: string; handle: string }>(`SELECT id, handle FROM users`)).map((u) => [u.handle, u.id]));
    const topicIds = new Map<string, string>((await t.db.query<{ id: string; slug: string }>(`SELECT id, slug FROM topics`)).map((r) => [r.slug, r.id]));
    const [h1, h2] = [...userIds.keys()];
    const threadId: string = await t.app.get(DataSource).transaction(async (manager) => {
      await seed.seedThreads(manager, [{
        key: 'dup', kind: 'DISCUSSION', title: 'Duplicate voter probe', body: 'Probe', topicSlug: TOPIC_TREE[0].slug, tags: [],
        visibility: { scope: 'PUBLIC' }, language: 'en', authorKey: h1,
        replies: [{ authorKey: h1, body: 'Reply', votes: [{ voterKey: h2, value: 1 }, { voterKey: h2, value: 1 }] }],
      }], userIds, topicIds, Date.now());
      return (await manager.query(`SELECT id FROM threads WHERE title = 'Duplicate voter probe'`))[0].id;
    });
    const [row] = await t.db.query<{ score: number; post_score: number; votes: number }>(`SELECT t.score, p.score AS post_score,
      (SELECT count(*)::int FROM post_votes v WHERE v.post_id = p.id) AS votes FROM threads t JOIN posts p ON p.thread_id = t.id WHERE t.id = $1`, [threadId]);
    expect(row).toEqual({ score: 1, post_score: 1, votes: 1 });
  });

  it('is idempotent: another instance starting on the same database seeds nothing more', async () => {
    const before = await counts(t.db);
    const second = await startAppOn(t.db, { SEED_DEMO: 'true' });
    try {
      expect(await counts(t.db)).toEqual(before);
    } finally {
      await second.close();
    }
  });
});

describe('forum: seeding rules (e2e)', () => {
  it('two instances starting at once seed the demo exactly once', async () => {
    const db = await createTestDatabase();
    const first = await startAppOn(db, { SEED_DEMO: 'false' });
    try {
      const plain = await counts(db);
      expect(plain.threads).toBe(0);
      expect(plain.demo_users).toBe(0);
      expect(plain.topics).toBe(countTopics(TOPIC_TREE));
      const [a, b] = await Promise.all([startAppOn(db, { SEED_DEMO: 'true' }), startAppOn(db, { SEED_DEMO: 'true' })]);
      try {
        const c = await counts(db);
        expect(c.threads).toBe(DEMO_THREADS.length + DEMO_LIVE_SESSIONS.filter((s) => s.status === 'ENDED').length);
        expect(c.demo_users).toBe(DEMO_USERS.length);
        expect(c.topics).toBe(countTopics(TOPIC_TREE));
        expect(c.posts).toBe(DEMO_REPLIES);
        // without DEMO_PASSWORD the password is random: the formerly documented one fails
        const moderator = DEMO_USERS.find((u) => u.role === 'MODERATOR')!;
        const tried = await a.gql(LOGIN, { input: { email: moderator.email, password: OLD_DOCUMENTED_PASSWORD } });
        expect(tried.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        const [{ n }] = await db.query<{ n: number }>(`SELECT count(DISTINCT password_hash)::int AS n FROM users WHERE is_demo`);
        expect(n).toBe(1);
      } finally {
        await a.close();
        await b.close();
      }
    } finally {
      await first.close();
      await db.drop();
    }
  });

  it('never seeds demo content in production unless SEED_DEMO=true is set explicitly', () => {
    const base = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/asgm-seed-rule' };
    expect(loadConfig(base).seedDemo).toBe(false);
    expect(loadConfig({ ...base, SEED_DEMO: 'true' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/asgm-seed-rule' }).seedDemo).toBe(true);
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/asgm-seed-rule', DATABASE_URL: 'postgres://h/db' }).seedDemo).toBe(false);
    // DEMO_PASSWORD: unset means random per database; when set, 10 to 256 characters
    expect(loadConfig(base).demoPassword).toBeNull();
    expect(loadConfig({ ...base, DEMO_PASSWORD: 'long-enough-demo' }).demoPassword).toBe('long-enough-demo');
    expect(() => loadConfig({ ...base, DEMO_PASSWORD: 'short' })).toThrow(/DEMO_PASSWORD/);
  });
});

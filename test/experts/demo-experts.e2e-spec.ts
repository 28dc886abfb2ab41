import { DEMO_USERS } from '../../src/seed/demo-data';
import { startTestApp, TestApp } from '../support/test-app';
import { login } from '../support/users';
import { APPLICATIONS, EXPERTS } from './experts.fixtures';

const DEMO_PASSWORD = 'chosen-demo-password-for-tests';

describe('experts: demo content (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ SEED_DEMO: 'true', DEMO_PASSWORD });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('verified experts across all five sectors, several countries and at least four languages, with reputation from their answers', async () => {
    const list = (
      await t.gqlOk(`{ experts(first: 100) { totalCount edges { node { id status countries languages reputation answerCount acceptedAnswerCount
        user { handle role sector displayName } expertise { slug } } } } }`)
    ).experts;
    const experts = list.edges.map((e: any) => e.node);
    expect(list.totalCount).toBe(DEMO_USERS.filter((u) => u.expert && (u.expert.status ?? 'VERIFIED') === 'VERIFIED').length);
    expect(experts.every((x: any) => x.status === 'VERIFIED' && x.user.role === 'EXPERT' && x.user.displayName.endsWith('(demo)'))).toBe(true);
    expect(new Set(experts.map((x: any) => x.user.sector))).toEqual(new Set(['GOVERNMENT', 'IGO', 'NGO', 'ACADEMIA', 'PRIVATE_SECTOR']));
    expect(new Set(experts.flatMap((x: any) => x.countries)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(experts.flatMap((x: any) => x.languages.map((l: string) => l.split('-')[0]))).size).toBeGreaterThanOrEqual(4);
    expect(experts.filter((x: any) => x.acceptedAnswerCount > 0).length).toBeGreaterThanOrEqual(5);
    expect(experts.every((x: any) => x.answerCount > 0)).toBe(true);
    // ordered by reputation, which follows from the demo votes and accepted answers
    const reputations = experts.map((x: any) => x.reputation);
    expect(reputations).toEqual([...reputations].sort((a: number, b: number) => b - a));
    expect(reputations[0]).toBeGreaterThan(0);
    // a hidden answer earns nothing (its author keeps a row of zeros when it was their only one)
    const recomputed = await t.db.query<{ user_id: string; reputation: number; answers: number; accepted: number }>(`
      SELECT p.author_id AS user_id,
             coalesce(sum((SELECT coalesce(sum(CASE WHEN v.value > 0 THEN 10 ELSE -2 END), 0) FROM post_votes v WHERE v.post_id = p.id)
                 + CASE WHEN t.accepted_post_id = p.id AND p.author_id <> t.author_id THEN 15 ELSE 0 END) FILTER (WHERE NOT p.hidden), 0)::int AS reputation,
             (count(*) FILTER (WHERE NOT p.hidden))::int AS answers,
             (count(*) FILTER (WHERE NOT p.hidden AND t.accepted_post_id = p.id AND p.author_id <> t.author_id))::int AS accepted
        FROM posts p JOIN threads t ON t.id = p.thread_id WHERE t.kind = 'QUESTION' AND NOT p.deleted GROUP BY p.author_id`);
    const live = await t.db.query<{ user_id: string; reputation: number; answers: number; accepted: number }>(
      `SELECT user_id, reputation, answer_count AS answers, accepted_answer_count AS accepted FROM user_reputation`,
    );
    const byUser = (rows: typeof live) => Object.fromEntries(rows.map((r) => [r.user_id, [r.reputation, r.answers, r.accepted]]));
    expect(byUser(live)).toEqual(byUser(recomputed));
    // search works on the demo profiles, in their languages
    expect((await t.gqlOk(EXPERTS, { filter: { search: 'borax' } })).experts.totalCount).toBeGreaterThan(0);
    expect((await t.gqlOk(EXPERTS, { filter: { search: 'formalización', language: 'es' } })).experts.totalCount).toBeGreaterThan(0);
  });

  it('one pending application for a moderator to review', async () => {
    const moderator = DEMO_USERS.find((u) => u.role === 'MODERATOR')!;
    const session = await login(t, moderator.email, DEMO_PASSWORD);
    const queue = (await t.gqlOk(APPLICATIONS, {}, session.accessToken)).expertApplications;
    const pending = DEMO_USERS.filter((u) => u.expert?.status === 'PENDING');
    expect(pending).toHaveLength(1);
    expect(queue.totalCount).toBe(1);
    expect(queue.edges[0].node.status).toBe('PENDING');
    const [{ handle }] = await t.db.query<{ handle: string }>(`SELECT handle FROM users WHERE id = $1`, [queue.edges[0].node.user.id]);
    expect(handle).toBe(pending[0].handle);
  });

  it('a demo expert is routed open questions of their topics and languages', async () => {
    const kofi = DEMO_USERS.find((u) => u.key === 'kofi')!;
    const session = await login(t, kofi.email, DEMO_PASSWORD);
    const mine = (await t.gqlOk(`{ questionsForMe(first: 20) { totalCount edges { node { title answered kind } } } }`, {}, session.accessToken)).questionsForMe;
    expect(mine.totalCount).toBeGreaterThan(0);
    expect(mine.edges.every((e: any) => e.node.kind === 'QUESTION' && !e.node.answered)).toBe(true);
    const thread = (await t.gqlOk(`{ threads(filter: { unanswered: true }, first: 50) { edges { node { id kind } } } }`)).threads.edges.find((e: any) => e.node.kind === 'QUESTION').node;
    const suggested = (await t.gqlOk(`query($id: ID!) { suggestedExperts(threadId: $id) { id } }`, { id: thread.id })).suggestedExperts;
    expect(suggested.length).toBeGreaterThan(0);
  });
});

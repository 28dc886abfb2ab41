import { REPUTATION } from '../experts/expert-limits';
import type { DemoThread } from './demo-data';
import { planDemoForum } from './demo-forum';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const users = new Map([
  ['asker', 'u-asker'],
  ['ana', 'u-ana'],
  ['ben', 'u-ben'],
  ['cy', 'u-cy'],
]);
const topics = new Map([['mining', 't-mining']]);

const thread = (over: Partial<DemoThread>): DemoThread => ({
  key: 'q',
  kind: 'QUESTION',
  title: 'A question',
  body: 'Body',
  topicSlug: 'mining',
  tags: [],
  visibility: { scope: 'PUBLIC' },
  language: 'en',
  authorKey: 'asker',
  replies: [],
  ...over,
});

describe('planDemoForum', () => {
  it('counts a repeated voter once, never a self-vote or an unknown voter; scores and reputation follow', () => {
    const plan = planDemoForum(
      [
        thread({
          replies: [
            {
              authorKey: 'ana',
              body: 'Answer',
              votes: [
                { voterKey: 'ben', value: 1 },
                { voterKey: 'ben', value: 1 },
                { voterKey: 'ana', value: 1 },
                { voterKey: 'nobody', value: 1 },
                { voterKey: 'cy', value: -1 },
              ],
            },
          ],
        }),
      ],
      users,
      topics,
      NOW,
    );
    expect(plan.votes.map((v) => [v.user_id, v.value])).toEqual([
      ['u-ben', 1],
      ['u-cy', -1],
    ]);
    expect(plan.posts[0].score).toBe(0);
    expect(plan.threads[0].score).toBe(0);
    expect(plan.reputation).toEqual([
      { user_id: 'u-ana', reputation: REPUTATION.upvote + REPUTATION.downvote, answers: 1, accepted: 0, answered_at: plan.posts[0].created_at },
    ]);
  });

  it('leaves out a reply whose author is missing, with the replies to it; counts, last poster and activity follow the replies written', () => {
    const plan = planDemoForum(
      [
        thread({
          kind: 'DISCUSSION',
          replies: [
            { authorKey: 'ana', body: 'First', replies: [{ authorKey: 'ben', body: 'Nested' }] },
            { authorKey: 'ghost', body: 'Gone', replies: [{ authorKey: 'cy', body: 'Under the ghost' }] },
            { authorKey: 'cy', body: 'Last', votes: [{ voterKey: 'ana', value: 1 }] },
          ],
        }),
      ],
      users,
      topics,
      NOW,
    );
    const [t] = plan.threads;
    expect(plan.posts.map((p) => p.body)).toEqual(['First', 'Nested', 'Last']);
    expect(plan.posts[1].parent_id).toBe(plan.posts[0].id);
    expect(t).toMatchObject({ post_count: 3, score: 1, last_poster_id: 'u-cy', last_activity_at: plan.posts[2].created_at, created_at: new Date(NOW - 26 * HOUR).toISOString() });
    // replies 3 h apart, plus 47 min per earlier reply modulo 5
    expect(Date.parse(plan.posts[1].created_at) - Date.parse(plan.posts[0].created_at)).toBe(3 * HOUR + 47 * 60_000);
    // a discussion earns nobody reputation
    expect(plan.reputation).toEqual([]);
    expect(plan.topicThreads).toEqual(new Map([['t-mining', 1]]));
  });

  it('a later accepted reply replaces the earlier one, taking its acceptance back; a self-answer accepted earns nothing', () => {
    const plan = planDemoForum(
      [
        thread({
          replies: [
            { authorKey: 'ana', body: 'One', accepted: true },
            { authorKey: 'ben', body: 'Two', accepted: true },
          ],
        }),
        thread({ key: 'self', replies: [{ authorKey: 'asker', body: 'Mine', accepted: true }] }),
      ],
      users,
      topics,
      NOW,
    );
    const [one, two, mine] = plan.posts;
    expect([one.accepted, two.accepted, mine.accepted]).toEqual([false, true, true]);
    expect(plan.threads.map((t) => t.accepted_post_id)).toEqual([two.id, mine.id]);
    const rep = new Map(plan.reputation.map((r) => [r.user_id, r]));
    expect(rep.get('u-ana')).toMatchObject({ reputation: 0, answers: 1, accepted: 0 });
    expect(rep.get('u-ben')).toMatchObject({ reputation: REPUTATION.accepted, answers: 1, accepted: 1 });
    expect(rep.get('u-asker')).toMatchObject({ reputation: 0, answers: 1, accepted: 0 });
    expect(plan.refs.threads).toEqual(new Map([['q', plan.threads[0].id], ['self', plan.threads[1].id]]));
  });

  it('leaves out a thread whose author or topic is missing, dating the others by their place in the list', () => {
    const plan = planDemoForum([thread({ key: 'a', authorKey: 'ghost' }), thread({ key: 'b', topicSlug: 'nowhere' }), thread({ key: 'c' })], users, topics, NOW);
    expect(plan.threads.map((t) => t.key)).toEqual(['c']);
    expect(plan.threads[0].created_at).toBe(new Date(NOW - 1 * 26 * HOUR).toISOString());
  });
});

import { ACCEPT_ANSWER } from '../support/documents';
import { createThread, errorCode, reply, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { apply, ExpertInput, review, SUGGESTED, verifiedExpert } from './experts.fixtures';

describe('experts: suggestedExperts ranking and access (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let asker: TestUser;
  let parent: string;
  let child: string;
  let sibling: string;
  let grandchild: string;
  let other: string;
  let question: any;
  /** Crafted experts by name → { user, profile }. */
  const e: Record<string, { user: TestUser; profile: any }> = {};

  const suggest = async (threadId: string, token: string | null = asker.accessToken, first?: number) =>
    (await t.gqlOk(SUGGESTED, { threadId, first }, token)).suggestedExperts.map((s: any) => s.id);
  const expert = async (name: string, input: ExpertInput) => (e[name] = await verifiedExpert(t, admin, `sg-${name.toLowerCase()}`, input));

  /** Inserts `n` asks of the expert with the given minutes to the first reply (null: unanswered), asked `daysAgo` days ago. */
  const craftAsks = async (expertId: string, minutes: (number | null)[], daysAgo = 1) => {
    for (const m of minutes) {
      const th = await createThread(t, asker.accessToken, { topicId: other });
      await t.db.query(
        `INSERT INTO expert_asks (thread_id, expert_id, asker_id, created_at, first_reply_at)
         VALUES ($1, $2, $3, now() - make_interval(days => $4), CASE WHEN $5::int IS NULL THEN NULL ELSE now() - make_interval(days => $4) + make_interval(mins => $5::int) END)`,
        [th.id, expertId, asker.id, daysAgo, m],
      );
    }
  };

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    const create = async (name: string, slug: string, parentId?: string) =>
      (await t.gqlOk(`mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }`, { input: { name, slug, parentId } }, admin)).createTopic.id;
    parent = await create('Ranking parent', 'ranking-parent');
    child = await create('Ranking child', 'ranking-child', parent);
    sibling = await create('Ranking sibling', 'ranking-sibling', parent);
    grandchild = await create('Ranking grandchild', 'ranking-grandchild', child);
    other = await topicId(t, 'tailings');
    asker = await registerUser(t, 'sg-asker');
    await t.db.query(`UPDATE users SET country = 'GH' WHERE id = $1`, [asker.id]);

    // the question: topic "child", in French, tagged with a country (Burkina Faso); the asker is in Ghana
    question = await createThread(t, asker.accessToken, { topicId: child, language: 'fr', tags: ['borax', 'burkina-faso'] });

    // topic, language, country tiers
    await expert('Exact', { topicIds: [child], languages: ['fr'], countries: ['BF'] }); // 2,1,1
    await expert('ExactNoCountry', { topicIds: [child], languages: ['fr-CA'] }); // 2,1,0
    await expert('ExactAskerCountry', { topicIds: [child], languages: ['fr'], countries: ['GH'] }); // 2,1,1 (the asker's country)
    await expert('ExactEnglish', { topicIds: [child], languages: ['en'], countries: ['BF'] }); // 2,0,1
    await expert('Parent', { topicIds: [parent], languages: ['fr'], countries: ['BF'] }); // 1,1,1
    await expert('Subtopic', { topicIds: [grandchild], languages: ['fr'] }); // 1,1,0
    await expert('Sibling', { topicIds: [sibling], languages: ['fr'], countries: ['BF'] }); // 0,1,1
    await expert('Unrelated', { topicIds: [other], languages: ['en'] }); // 0,0,0
    // within the same tiers (2,1,0): accepted answers, then responsiveness, then recent activity
    await expert('Accepted2', { topicIds: [child], languages: ['fr'] });
    await expert('Accepted1', { topicIds: [child], languages: ['fr'] });
    await expert('Fast', { topicIds: [child], languages: ['fr'] });
    await expert('Slow', { topicIds: [child], languages: ['fr'] });
    await expert('TwoAsksOnly', { topicIds: [child], languages: ['fr'] });
    await expert('Active', { topicIds: [child], languages: ['fr'] });

    // never suggested: not available, not verified, suspended
    await expert('Unavailable', { topicIds: [child], languages: ['fr'], countries: ['BF'], availableForQuestions: false });
    const pending = await registerUser(t, 'sg-pending');
    await apply(t, pending, { topicIds: [child], languages: ['fr'], countries: ['BF'] });
    const rejected = await registerUser(t, 'sg-rejected');
    await apply(t, rejected, { topicIds: [child], languages: ['fr'], countries: ['BF'] });
    await review(t, admin, rejected.id, false);
    await expert('Suspended', { topicIds: [child], languages: ['fr'], countries: ['BF'] });
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [e.Suspended.user.id]);

    // accepted answers: Accepted2 has two, Accepted1 one (on other questions)
    for (const [name, n] of [['Accepted2', 2], ['Accepted1', 1]] as const) {
      for (let i = 0; i < n; i++) {
        const q = await createThread(t, asker.accessToken, { topicId: other });
        const a = await reply(t, e[name].user.accessToken, { threadId: q.id });
        await t.gqlOk(ACCEPT_ANSWER, { id: a.id }, asker.accessToken);
      }
    }
    // responsiveness: Fast answers in minutes, Slow in hours (one still unanswered counts as the wait so far);
    // TwoAsksOnly is very fast but has too few asks to be known
    await craftAsks(e.Fast.user.id, [5, 10, 20]);
    await craftAsks(e.Slow.user.id, [60, 180, null]);
    await craftAsks(e.TwoAsksOnly.user.id, [1, 1]);
    // asks older than 90 days do not count
    await craftAsks(e.Slow.user.id, [1, 1, 1, 1], 120);
    // recent activity: Active answered a question (not accepted)
    const q = await createThread(t, asker.accessToken, { topicId: other });
    await reply(t, e.Active.user.accessToken, { threadId: q.id });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('ranks by topic (exact above parent or subtopic), language, country (tags or the asker), then accepted answers, responsiveness and recent activity', async () => {
    const expected = [
      // topic 2, language 1, country 1: by id among equals (nothing else differs)
      ...['Exact', 'ExactAskerCountry'].map((n) => e[n].profile.id).sort(),
      // topic 2, language 1, country 0
      e.Accepted2.profile.id,
      e.Accepted1.profile.id,
      e.Fast.profile.id,
      e.Slow.profile.id,
      e.Active.profile.id,
      ...['ExactNoCountry', 'TwoAsksOnly'].map((n) => e[n].profile.id).sort(),
      // topic 2, language 0
      e.ExactEnglish.profile.id,
      // topic 1 (parent, subtopic)
      e.Parent.profile.id,
      e.Subtopic.profile.id,
      // topic 0
      e.Sibling.profile.id,
      e.Unrelated.profile.id,
    ];
    expect(await suggest(question.id, asker.accessToken, 20)).toEqual(expected);
    expect(await suggest(question.id, asker.accessToken)).toEqual(expected.slice(0, 5)); // first: default 5
    expect(await suggest(question.id, null, 3)).toEqual(expected.slice(0, 3)); // anonymous, on a PUBLIC question
    expect(await suggest(question.id, asker.accessToken, 0)).toEqual([]);
  });

  it('exposes responsiveness as median minutes over the last 90 days, null below 3 asks', async () => {
    const R = `query($id: ID!) { node(id: $id) { ... on ExpertProfile { responsivenessMinutes } } }`;
    expect((await t.gqlOk(R, { id: e.Fast.profile.id })).node.responsivenessMinutes).toBe(10);
    expect((await t.gqlOk(R, { id: e.Slow.profile.id })).node.responsivenessMinutes).toBe(180);
    expect((await t.gqlOk(R, { id: e.TwoAsksOnly.profile.id })).node.responsivenessMinutes).toBeNull();
    expect((await t.gqlOk(R, { id: e.Exact.profile.id })).node.responsivenessMinutes).toBeNull();
  });

  it('never suggests the question\'s author, the viewer, unavailable, unverified or suspended experts', async () => {
    const all = await suggest(question.id, asker.accessToken, 20);
    for (const n of ['Unavailable', 'Suspended']) expect(all).not.toContain(e[n].profile.id);
    // an expert asking about their own question, or looking at someone else's
    const own = await createThread(t, e.Exact.user.accessToken, { topicId: child, language: 'fr', tags: ['bf'] });
    const forOwn = await suggest(own.id, e.Exact.user.accessToken, 20);
    expect(forOwn).not.toContain(e.Exact.profile.id);
    expect(forOwn[0]).toBe(e.Accepted2.profile.id); // no one else matches topic, language and country (BF) there
    expect(await suggest(question.id, e.Parent.user.accessToken, 20)).not.toContain(e.Parent.profile.id);
    expect((await suggest(question.id, e.Parent.user.accessToken, 20)).length).toBe(all.length - 1);
  });

  it('never suggests an expert who may not see the thread (each candidate is checked as a viewer)', async () => {
    const gov = await registerUser(t, 'sg-gov');
    await joinSector(t, admin, gov, 'GOVERNMENT');
    await joinSector(t, admin, e.Exact.user, 'GOVERNMENT');
    await joinSector(t, admin, e.Parent.user, 'NGO');
    const restricted = await createThread(t, gov.accessToken, { topicId: child, language: 'fr', tags: ['bf'], visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    expect(await suggest(restricted.id, gov.accessToken, 20)).toEqual([e.Exact.profile.id]);
    const members = await createThread(t, gov.accessToken, { topicId: child, language: 'fr', visibility: { scope: 'MEMBERS' } });
    // a MEMBERS thread: every signed-in expert sees it (the suspended one does not, and is excluded anyway)
    expect((await suggest(members.id, gov.accessToken, 20)).length).toBe(14);
  });

  it('NOT_FOUND for a thread the viewer may not see; BAD_USER_INPUT for a non-question or a bad first', async () => {
    const gov = await registerUser(t, 'sg-gov2');
    await joinSector(t, admin, gov, 'GOVERNMENT');
    const restricted = await createThread(t, gov.accessToken, { topicId: child, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    expect(errorCode(await t.gql(SUGGESTED, { threadId: restricted.id }, asker.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(SUGGESTED, { threadId: restricted.id }))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(SUGGESTED, { threadId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    const discussion = await createThread(t, asker.accessToken, { topicId: child, kind: 'DISCUSSION' });
    expect(errorCode(await t.gql(SUGGESTED, { threadId: discussion.id }, asker.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUGGESTED, { threadId: question.id, first: 21 }, asker.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUGGESTED, { threadId: question.id, first: -1 }, asker.accessToken))).toBe('BAD_USER_INPUT');
  });
});

import { ACCEPT_ANSWER, VOTE_POST } from '../support/documents';
import { createThread, reply, setRole, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { apply, ME_PROFILE, verifiedExpert } from './experts.fixtures';

const DELETE_POST = `mutation($id: ID!) { deletePost(id: $id) { id deleted } }`;
const HIDE_POST = `mutation($id: ID!) { hidePost(id: $id, reason: "moderated") { id hidden } }`;
const UNHIDE_POST = `mutation($id: ID!) { unhidePost(id: $id) { id hidden } }`;

/** The counters recomputed from the forum's rows with the same rules (the live ones must always equal them): deleted and hidden answers earn nothing. */
const RECOMPUTED = `
  SELECT p.author_id AS user_id,
         sum((SELECT coalesce(sum(CASE WHEN v.value > 0 THEN 10 ELSE -2 END), 0) FROM post_votes v WHERE v.post_id = p.id)
             + CASE WHEN t.accepted_post_id = p.id AND p.author_id <> t.author_id THEN 15 ELSE 0 END)::int AS reputation,
         count(*)::int AS answer_count,
         (count(*) FILTER (WHERE t.accepted_post_id = p.id AND p.author_id <> t.author_id))::int AS accepted_answer_count
    FROM posts p JOIN threads t ON t.id = p.thread_id
   WHERE t.kind = 'QUESTION' AND NOT p.deleted AND NOT p.hidden
   GROUP BY p.author_id`;

describe('experts: reputation and answer counters (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let topic: string;
  let asker: TestUser;
  let voters: TestUser[];

  const counters = async (userId: string) => {
    const rows = await t.db.query<{ reputation: number; answer_count: number; accepted_answer_count: number }>(
      `SELECT reputation, answer_count, accepted_answer_count FROM user_reputation WHERE user_id = $1`,
      [userId],
    );
    const r = rows[0] ?? { reputation: 0, answer_count: 0, accepted_answer_count: 0 };
    return { reputation: r.reputation, answers: r.answer_count, accepted: r.accepted_answer_count };
  };
  /** What the API shows on the user's profile. */
  const shown = async (user: TestUser) => {
    const p = (await t.gqlOk(ME_PROFILE, {}, user.accessToken)).me.expertProfile;
    return { reputation: p.reputation, answers: p.answerCount, accepted: p.acceptedAnswerCount };
  };
  const vote = (user: TestUser, postId: string, v: number) => t.gqlOk(VOTE_POST, { id: postId, v }, user.accessToken);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    topic = await topicId(t, 'retorts');
    asker = await registerUser(t, 'rep-asker');
    voters = [];
    for (let i = 0; i < 20; i++) voters.push(await registerUser(t, `rep-v${i}`));
  });

  afterAll(async () => {
    await t?.close();
  });

  afterEach(async () => {
    // whatever a test did, the counters equal their recomputation from the forum's rows
    const recomputed = await t.db.query<{ user_id: string; reputation: number; answer_count: number; accepted_answer_count: number }>(RECOMPUTED);
    const live = await t.db.query<{ user_id: string; reputation: number; answer_count: number; accepted_answer_count: number }>(
      `SELECT user_id, reputation, answer_count, accepted_answer_count FROM user_reputation WHERE reputation <> 0 OR answer_count <> 0 OR accepted_answer_count <> 0`,
    );
    const byUser = (rows: typeof live) => Object.fromEntries(rows.filter((r) => r.reputation || r.answer_count || r.accepted_answer_count).map((r) => [r.user_id, [r.reputation, r.answer_count, r.accepted_answer_count]]));
    expect(byUser(live)).toEqual(byUser(recomputed));
  });

  it('an answer counts once; +10 per upvote, −2 per downvote; changed and withdrawn votes take back exactly what they gave', async () => {
    const { user: expert } = await verifiedExpert(t, admin, 'rep-x', { topicIds: [topic] });
    const q = await createThread(t, asker.accessToken, { topicId: topic });
    const answer = await reply(t, expert.accessToken, { threadId: q.id });
    expect(await shown(expert)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    await vote(voters[0], answer.id, 1);
    expect((await counters(expert.id)).reputation).toBe(10);
    await vote(voters[1], answer.id, -1);
    expect((await counters(expert.id)).reputation).toBe(8);
    await vote(voters[0], answer.id, -1); // +10 → −2
    expect((await counters(expert.id)).reputation).toBe(-4);
    await vote(voters[0], answer.id, -1); // the same vote again changes nothing
    expect((await counters(expert.id)).reputation).toBe(-4);
    await vote(voters[0], answer.id, 0);
    expect((await counters(expert.id)).reputation).toBe(-2);
    await vote(voters[1], answer.id, 0);
    expect(await shown(expert)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
  });

  it('acceptance: +15 to the accepted answer\'s author, moved back when another answer is accepted; a self-accepted reply earns nothing', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-acc-x', { topicIds: [topic] });
    const { user: y } = await verifiedExpert(t, admin, 'rep-acc-y', { topicIds: [topic] });
    const q = await createThread(t, asker.accessToken, { topicId: topic });
    const ax = await reply(t, x.accessToken, { threadId: q.id });
    const ay = await reply(t, y.accessToken, { threadId: q.id });
    await t.gqlOk(ACCEPT_ANSWER, { id: ax.id }, asker.accessToken);
    expect(await shown(x)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
    await t.gqlOk(ACCEPT_ANSWER, { id: ax.id }, asker.accessToken); // again: nothing changes
    expect(await shown(x)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
    await t.gqlOk(ACCEPT_ANSWER, { id: ay.id }, admin); // a moderator or admin may accept too
    expect(await shown(x)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    expect(await shown(y)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
    await t.gqlOk(ACCEPT_ANSWER, { id: ax.id }, asker.accessToken);
    expect(await shown(x)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
    expect(await shown(y)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    // the asker answers their own question and accepts it: no bonus for them, and x loses theirs
    const own = await reply(t, asker.accessToken, { threadId: q.id, body: 'What worked for us in the end.' });
    await t.gqlOk(ACCEPT_ANSWER, { id: own.id }, asker.accessToken);
    expect(await counters(asker.id)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    expect(await shown(x)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    await t.gqlOk(ACCEPT_ANSWER, { id: ay.id }, asker.accessToken);
    expect(await shown(y)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
  });

  it('deleting an answer takes back its answer, its votes and its acceptance', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-del', { topicIds: [topic] });
    const q1 = await createThread(t, asker.accessToken, { topicId: topic });
    const q2 = await createThread(t, asker.accessToken, { topicId: topic });
    const kept = await reply(t, x.accessToken, { threadId: q1.id });
    await vote(voters[0], kept.id, 1);
    const doomed = await reply(t, x.accessToken, { threadId: q2.id });
    await vote(voters[0], doomed.id, 1);
    await vote(voters[1], doomed.id, 1);
    await vote(voters[2], doomed.id, -1);
    await t.gqlOk(ACCEPT_ANSWER, { id: doomed.id }, asker.accessToken);
    expect(await shown(x)).toEqual({ reputation: 10 + 18 + 15, answers: 2, accepted: 1 });
    await t.gqlOk(DELETE_POST, { id: doomed.id }, x.accessToken);
    expect(await shown(x)).toEqual({ reputation: 10, answers: 1, accepted: 0 });
    await t.gqlOk(DELETE_POST, { id: doomed.id }, x.accessToken); // deleting again changes nothing
    expect(await shown(x)).toEqual({ reputation: 10, answers: 1, accepted: 0 });
  });

  it('a hidden answer stops earning (its answer, votes and acceptance are taken back) and earns again, exactly, once shown; votes, acceptance and deletion while hidden follow', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-hid-x', { topicIds: [topic] });
    const { user: y } = await verifiedExpert(t, admin, 'rep-hid-y', { topicIds: [topic] });
    const moderator = await registerUser(t, 'rep-hid-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    const mod = moderator.accessToken;
    const q = await createThread(t, asker.accessToken, { topicId: topic });
    const ax = await reply(t, x.accessToken, { threadId: q.id });
    const ay = await reply(t, y.accessToken, { threadId: q.id });
    await vote(voters[0], ax.id, 1);
    await vote(voters[1], ax.id, 1);
    await vote(voters[2], ax.id, -1);
    await t.gqlOk(ACCEPT_ANSWER, { id: ax.id }, asker.accessToken);
    expect(await shown(x)).toEqual({ reputation: 18 + 15, answers: 1, accepted: 1 });

    await t.gqlOk(HIDE_POST, { id: ax.id }, mod);
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    await t.gqlOk(HIDE_POST, { id: ax.id }, mod); // hiding again changes nothing
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    // staff still see it and may vote on it: while hidden, that earns nothing (and is counted once shown)
    await vote(moderator, ax.id, 1);
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    await t.gqlOk(UNHIDE_POST, { id: ax.id }, mod);
    expect(await shown(x)).toEqual({ reputation: 28 + 15, answers: 1, accepted: 1 });

    // hidden again, another answer is accepted meanwhile: nothing more to take back from x; shown, x earns without the acceptance
    await t.gqlOk(HIDE_POST, { id: ax.id }, mod);
    await t.gqlOk(ACCEPT_ANSWER, { id: ay.id }, asker.accessToken);
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    expect(await shown(y)).toEqual({ reputation: 15, answers: 1, accepted: 1 });
    // and a moderator accepting the hidden answer gives it nothing until it is shown (y loses the bonus at once)
    await t.gqlOk(ACCEPT_ANSWER, { id: ax.id }, mod);
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    expect(await shown(y)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
    await t.gqlOk(UNHIDE_POST, { id: ax.id }, mod);
    expect(await shown(x)).toEqual({ reputation: 28 + 15, answers: 1, accepted: 1 });

    // deleting a hidden answer takes nothing more; showing a deleted answer gives nothing back
    await t.gqlOk(HIDE_POST, { id: ay.id }, mod);
    await vote(voters[3], ax.id, 1);
    expect(await shown(y)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    await t.gqlOk(DELETE_POST, { id: ay.id }, mod);
    expect(await shown(y)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    await t.gqlOk(UNHIDE_POST, { id: ay.id }, mod);
    expect(await shown(y)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
    expect(await shown(x)).toEqual({ reputation: 38 + 15, answers: 1, accepted: 1 });
  });

  it('replies in discussions are not answers and their votes earn no reputation', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-disc', { topicIds: [topic] });
    const d = await createThread(t, asker.accessToken, { topicId: topic, kind: 'DISCUSSION' });
    const r = await reply(t, x.accessToken, { threadId: d.id });
    await vote(voters[0], r.id, 1);
    expect(await shown(x)).toEqual({ reputation: 0, answers: 0, accepted: 0 });
  });

  it('activity before applying counts: a member\'s answers show on the profile they create later', async () => {
    const member = await registerUser(t, 'rep-late');
    const q = await createThread(t, asker.accessToken, { topicId: topic });
    const a = await reply(t, member.accessToken, { threadId: q.id });
    await vote(voters[3], a.id, 1);
    await t.gqlOk(ACCEPT_ANSWER, { id: a.id }, asker.accessToken);
    await apply(t, member, { topicIds: [topic] });
    expect(await shown(member)).toEqual({ reputation: 25, answers: 1, accepted: 1 });
  });

  it('20 concurrent votes on one answer count exactly, and so do 20 concurrent withdrawals', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-conc', { topicIds: [topic] });
    const q = await createThread(t, asker.accessToken, { topicId: topic });
    const a = await reply(t, x.accessToken, { threadId: q.id });
    await Promise.all(voters.map((v) => vote(v, a.id, 1)));
    expect(await shown(x)).toEqual({ reputation: 200, answers: 1, accepted: 0 });
    await Promise.all(voters.map((v) => vote(v, a.id, 0)));
    expect(await shown(x)).toEqual({ reputation: 0, answers: 1, accepted: 0 });
  });

  it('concurrent votes on several answers of one author, mixed with an acceptance, add up exactly', async () => {
    const { user: x } = await verifiedExpert(t, admin, 'rep-mix', { topicIds: [topic] });
    const threads = await Promise.all([0, 1, 2].map(() => createThread(t, asker.accessToken, { topicId: topic })));
    const answers: any[] = [];
    for (const th of threads) answers.push(await reply(t, x.accessToken, { threadId: th.id }));
    await Promise.all([
      ...voters.map((v, i) => vote(v, answers[i % 3].id, i % 4 === 0 ? -1 : 1)),
      t.gqlOk(ACCEPT_ANSWER, { id: answers[1].id }, asker.accessToken),
    ]);
    const ups = voters.filter((_, i) => i % 4 !== 0).length;
    const downs = voters.length - ups;
    expect(await shown(x)).toEqual({ reputation: ups * 10 - downs * 2 + 15, answers: 3, accepted: 1 });
  });
});

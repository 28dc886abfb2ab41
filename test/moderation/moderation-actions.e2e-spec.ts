import { ACCEPT_ANSWER } from '../support/documents';
import { createThread, errorCode, reply, setRole, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const HIDE = `mutation($id: ID!, $reason: String!) { hidePost(id: $id, reason: $reason) { id hidden } }`;
const UNHIDE = `mutation($id: ID!) { unhidePost(id: $id) { id hidden } }`;
const LOCK = `mutation($id: ID!, $locked: Boolean!, $reason: String) { lockThread(id: $id, locked: $locked, reason: $reason) { id locked } }`;
const PIN = `mutation($id: ID!, $pinned: Boolean!) { pinThread(id: $id, pinned: $pinned) { id pinned } }`;
const MOVE = `mutation($id: ID!, $topicId: ID!) { moveThread(id: $id, topicId: $topicId) { id topic { id } } }`;
const LOG = `query($targetId: ID, $first: Int, $after: String) { moderationLog(targetId: $targetId, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id action targetType targetId reason createdAt actor { id } } } } }`;
const THREAD_POSTS = `query($id: ID!) { thread(id: $id) { id posts { totalCount edges { node { id hidden bodyHtml } } } } }`;
const ANSWERED = `query($id: ID!) { thread(id: $id) { id answered acceptedAnswer { id } } }`;
const UNANSWERED = `query($topicId: ID!) { threads(filter: { topicId: $topicId, unanswered: true }, first: 50) { edges { node { id } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 50) { totalCount edges { node { post { id } } } } }`;

/** Hide, unhide, lock, pin and move: through the forum's own rules, with room events, socket re-checks and the moderation log. */
describe('moderation: content actions and the moderation log (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let moderator: TestUser;
  let member: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    moderator = await registerUser(t, 'mod-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    member = await registerUser(t, 'mod-member');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const log = async (targetId: string) =>
    (await t.gqlOk(LOG, { targetId }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node);

  it('hidePost removes the reply from thread(id) posts, their count, search and socket replay for a member; unhidePost restores it; both are logged', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const room = `thread:${thread.id}`;
    await reply(t, member.accessToken, { threadId: thread.id, body: 'A fine reply about zzkeepword retorts.' });
    const bad = await reply(t, member.accessToken, { threadId: thread.id, body: 'Buy zzspamword pills now at example dot com.' });
    const live = await sockets.connect(member.accessToken);
    expect(await live.call('subscribe', { room })).toEqual({ ok: true, seq: 2 });

    expect((await t.gqlOk(HIDE, { id: bad.id, reason: 'spam' }, moderator.accessToken)).hidePost).toEqual({ id: bad.id, hidden: true });

    const asMember = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, member.accessToken)).thread.posts;
    expect(asMember.totalCount).toBe(1);
    expect(asMember.edges.map((e: any) => e.node.id)).not.toContain(bad.id);
    const asModerator = (await t.gqlOk(THREAD_POSTS, { id: thread.id }, moderator.accessToken)).thread.posts;
    expect(asModerator.totalCount).toBe(2);
    expect(asModerator.edges.find((e: any) => e.node.id === bad.id).node.hidden).toBe(true);
    expect((await t.gqlOk(SEARCH, { q: 'zzspamword' }, member.accessToken)).search.totalCount).toBe(0);
    expect((await t.gqlOk(SEARCH, { q: 'zzspamword' }, moderator.accessToken)).search.totalCount).toBe(1);
    expect((await t.gqlOk(`query($id: ID!) { node(id: $id) { id } }`, { id: bad.id }, member.accessToken)).node).toBeNull();

    // Live: the member hears that it is hidden, without its text.
    await live.until(() => live.events.some((e) => e.room === room && e.type === 'post.updated'), 'post.updated');
    const hiddenEvent = live.events.find((e) => e.room === room && e.type === 'post.updated')!;
    expect(hiddenEvent.data).toEqual({ postId: bad.id, threadId: thread.id, hidden: true, fields: ['hidden'] });
    // ... and the thread's counters as members see them now (the hidden reply no longer counts).
    await live.until(() => live.events.some((e) => e.room === room && e.type === 'thread.updated'), 'thread.updated');
    expect(live.events.find((e) => e.room === room && e.type === 'thread.updated')!.data).toMatchObject({ postCount: 1 });
    // Replay from storage: the hidden reply's text never comes back; its post.created (seq 2) is a post.hidden tombstone.
    const replay = await sockets.connect(member.accessToken);
    expect(await replay.call('subscribe', { room, lastSeq: 0 })).toMatchObject({ ok: true, seq: 5 });
    await replay.until(() => replay.events.filter((e) => e.room === room).length === 5, 'the replay');
    expect(JSON.stringify(replay.events)).not.toContain('zzspamword');
    expect(replay.events.filter((e) => e.room === room).map((e) => [e.seq, e.type])).toEqual([
      [1, 'post.created'],
      [2, 'post.hidden'],
      [3, 'thread.updated'],
      [4, 'post.hidden'],
      [5, 'post.updated'],
    ]);
    expect(replay.events.find((e) => e.seq === 2)!.data).toEqual({ postId: bad.id, threadId: thread.id });

    expect((await t.gqlOk(UNHIDE, { id: bad.id }, moderator.accessToken)).unhidePost).toEqual({ id: bad.id, hidden: false });
    expect((await t.gqlOk(THREAD_POSTS, { id: thread.id }, member.accessToken)).thread.posts.totalCount).toBe(2);
    await live.until(() => live.events.filter((e) => e.room === room && e.type === 'post.updated').length === 2, 'the second post.updated');
    expect(live.events.filter((e) => e.type === 'post.updated')[1].data).toMatchObject({ postId: bad.id, hidden: false, fields: ['hidden', 'bodyHtml'], bodyHtml: expect.stringContaining('zzspamword') });

    // A second hide of a visible-again post is logged again; a repeated unhide changes nothing and is not logged.
    await t.gqlOk(UNHIDE, { id: bad.id }, moderator.accessToken);
    const entries = await log(bad.id);
    expect(entries.map((e: any) => [e.action, e.targetType, e.reason, e.actor.id])).toEqual([
      ['UNHIDE_POST', 'POST', null, moderator.id],
      ['HIDE_POST', 'POST', 'spam', moderator.id],
    ]);
  });

  it('a hidden accepted answer no longer answers its question (answered, acceptedAnswer, the unanswered list); shown again it does, unless another was accepted meanwhile', async () => {
    const asker = await registerUser(t, 'mod-asker');
    const question = await createThread(t, asker.accessToken, { topicId: topic, kind: 'QUESTION', title: 'Which retort for a small crew?' });
    const x = await reply(t, member.accessToken, { threadId: question.id, body: 'A steel retort with a water seal.' });
    const y = await reply(t, moderator.accessToken, { threadId: question.id, body: 'A kitchen-bowl retort works too.' });
    const state = async (token: string) => (await t.gqlOk(ANSWERED, { id: question.id }, token)).thread;
    const unanswered = async () => (await t.gqlOk(UNANSWERED, { topicId: topic }, member.accessToken)).threads.edges.map((e: any) => e.node.id);
    await t.gqlOk(ACCEPT_ANSWER, { id: x.id }, asker.accessToken);
    expect(await state(member.accessToken)).toEqual({ id: question.id, answered: true, acceptedAnswer: { id: x.id } });
    expect(await unanswered()).not.toContain(question.id);

    await t.gqlOk(HIDE, { id: x.id, reason: 'Advertising' }, moderator.accessToken);
    for (const token of [member.accessToken, asker.accessToken, moderator.accessToken]) expect(await state(token)).toEqual({ id: question.id, answered: false, acceptedAnswer: null });
    expect(await unanswered()).toContain(question.id);

    await t.gqlOk(UNHIDE, { id: x.id }, moderator.accessToken);
    expect(await state(member.accessToken)).toEqual({ id: question.id, answered: true, acceptedAnswer: { id: x.id } });
    expect(await unanswered()).not.toContain(question.id);

    // hidden again, the asker accepts another answer: shown again, x is an ordinary reply
    await t.gqlOk(HIDE, { id: x.id, reason: 'Advertising' }, moderator.accessToken);
    await t.gqlOk(ACCEPT_ANSWER, { id: y.id }, asker.accessToken);
    await t.gqlOk(UNHIDE, { id: x.id }, moderator.accessToken);
    expect(await state(member.accessToken)).toEqual({ id: question.id, answered: true, acceptedAnswer: { id: y.id } });
    const flags = await t.db.query<{ id: string; accepted: boolean }>(`SELECT id, accepted FROM posts WHERE thread_id = $1 ORDER BY created_at`, [question.id]);
    expect(flags).toEqual([{ id: x.id, accepted: false }, { id: y.id, accepted: true }]);

    // a MODERATOR accepting a hidden reply: it answers the question only once shown
    await t.gqlOk(HIDE, { id: x.id, reason: 'Advertising' }, moderator.accessToken);
    await t.gqlOk(ACCEPT_ANSWER, { id: x.id }, moderator.accessToken);
    expect(await state(member.accessToken)).toEqual({ id: question.id, answered: false, acceptedAnswer: null });
    await t.gqlOk(UNHIDE, { id: x.id }, moderator.accessToken);
    expect(await state(member.accessToken)).toEqual({ id: question.id, answered: true, acceptedAnswer: { id: x.id } });
  });

  it('only MODERATOR and ADMIN act or read the log; a reason is required to hide', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const post = await reply(t, admin, { threadId: thread.id });
    expect(errorCode(await t.gql(HIDE, { id: post.id, reason: 'no' }, member.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(LOCK, { id: thread.id, locked: true }, member.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(LOG, {}, member.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(LOG, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(HIDE, { id: post.id, reason: '   ' }, moderator.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(HIDE, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, moderator.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(MOVE, { id: thread.id, topicId: '00000000-0000-4000-8000-000000000000' }, moderator.accessToken))).toBe('NOT_FOUND');
    expect(await log(post.id)).toEqual([]);
  });

  it('lockThread and pinThread change the thread, tell its room, and are logged (a change to the same value is not)', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const room = `thread:${thread.id}`;
    const s = await sockets.connect(member.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });

    expect((await t.gqlOk(LOCK, { id: thread.id, locked: true, reason: 'cooling off' }, moderator.accessToken)).lockThread.locked).toBe(true);
    await t.gqlOk(LOCK, { id: thread.id, locked: true }, moderator.accessToken);
    expect(errorCode(await t.gql(`mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId: thread.id, body: 'late' } }, member.accessToken))).toBe('LOCKED');
    expect((await t.gqlOk(PIN, { id: thread.id, pinned: true }, admin)).pinThread.pinned).toBe(true);
    await t.gqlOk(LOCK, { id: thread.id, locked: false }, moderator.accessToken);
    await reply(t, member.accessToken, { threadId: thread.id, body: 'open again' });

    await s.until(() => s.events.filter((e) => e.room === room).length === 4, 'four room events');
    expect(s.events.filter((e) => e.room === room).map((e) => [e.type, e.data.fields])).toEqual([
      ['thread.updated', ['locked']],
      ['thread.updated', ['pinned']],
      ['thread.updated', ['locked']],
      ['post.created', undefined],
    ]);
    expect(s.events[0].data).toEqual({ threadId: thread.id, locked: true, fields: ['locked'] });
    expect((await log(thread.id)).map((e: any) => [e.action, e.reason])).toEqual([
      ['UNLOCK_THREAD', null],
      ['PIN_THREAD', null],
      ['LOCK_THREAD', 'cooling off'],
    ]);
  });

  it('moveThread keeps both topics’ counters exact and re-checks the sockets in the room of a moved SECTORS thread', async () => {
    const from = await topicId(t, 'retorts');
    const to = await topicId(t, 'leaching');
    const counts = async () => {
      const rows: { id: string; thread_count: number }[] = await t.db.query(`SELECT id, thread_count FROM topics WHERE thread_count IS NOT NULL`);
      const exact: { topic_id: string; n: number }[] = await t.db.query(
        `WITH RECURSIVE sub AS (SELECT id AS root, id FROM topics UNION ALL SELECT sub.root, c.id FROM topics c JOIN sub ON c.parent_id = sub.id)
         SELECT sub.root AS topic_id, count(th.id)::int AS n FROM sub LEFT JOIN threads th ON th.topic_id = sub.id GROUP BY sub.root`,
      );
      return { stored: new Map(rows.map((r) => [r.id, Number(r.thread_count)])), exact: new Map(exact.map((r) => [r.topic_id, Number(r.n)])) };
    };
    const stays = await registerUser(t, 'mod-ngo-a');
    const leaves = await registerUser(t, 'mod-ngo-b');
    await joinSector(t, admin, stays, 'NGO');
    const ended = await joinSector(t, admin, leaves, 'NGO');
    const thread = await createThread(t, admin, { topicId: from, visibility: { scope: 'SECTORS', sectors: ['NGO'] } });
    const room = `thread:${thread.id}`;
    const a = await sockets.connect(stays.accessToken);
    const b = await sockets.connect(leaves.accessToken);
    expect(await a.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    expect(await b.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    // The membership ends straight in the database: no access event, so only the move's re-check can remove b.
    await t.db.query(`UPDATE memberships SET status = 'REJECTED' WHERE id = $1`, [ended.membershipId]);
    const before = await counts();

    expect((await t.gqlOk(MOVE, { id: thread.id, topicId: to }, moderator.accessToken)).moveThread.topic.id).toBe(to);
    const after = await counts();
    expect(after.stored.get(from)).toBe(before.stored.get(from)! - 1);
    expect(after.stored.get(to)).toBe(before.stored.get(to)! + 1);
    for (const [id, n] of after.exact) expect([id, after.stored.get(id)]).toEqual([id, n]);

    // Re-checked right after the commit, before the mutation answered.
    await b.call('unsubscribe', { room: 'noop' });
    expect(b.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
    await a.until(() => a.events.some((e) => e.room === room && e.type === 'thread.updated'), 'thread.updated');
    expect(a.events.find((e) => e.room === room)!.data).toEqual({ threadId: thread.id, topicId: to, fields: ['topicId'] });
    expect(a.unsubscribed).toEqual([]);
    expect(b.events.filter((e) => e.room === room)).toEqual([]);
    expect((await log(thread.id)).map((e: any) => e.action)).toEqual(['MOVE_THREAD']);
    // Moving to the same topic changes nothing.
    await t.gqlOk(MOVE, { id: thread.id, topicId: to }, moderator.accessToken);
    expect((await counts()).stored.get(to)).toBe(after.stored.get(to));
  });

  it('the log is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    await t.gqlOk(PIN, { id: thread.id, pinned: true }, moderator.accessToken);
    await expect(t.db.query(`UPDATE moderation_actions SET reason = 'rewritten' WHERE target_id = $1`, [thread.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM moderation_actions WHERE target_id = $1`, [thread.id])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE moderation_actions`)).rejects.toThrow(/append-only/);
    expect(await log(thread.id)).toHaveLength(1);
  });

  it('moderationLog pages with a keyset cursor, newest first', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    for (const pinned of [true, false, true]) await t.gqlOk(PIN, { id: thread.id, pinned }, moderator.accessToken);
    const first = (await t.gqlOk(LOG, { targetId: thread.id, first: 2 }, admin)).moderationLog;
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await t.gqlOk(LOG, { targetId: thread.id, first: 2, after: first.pageInfo.endCursor }, admin)).moderationLog;
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.action)).toEqual(['PIN_THREAD', 'UNPIN_THREAD', 'PIN_THREAD']);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    const all = (await t.gqlOk(LOG, { first: 100 }, admin)).moderationLog;
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
  });
});

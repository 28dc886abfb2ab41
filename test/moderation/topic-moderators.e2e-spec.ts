import { createThread, errorCode, reply, setRole, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { SCHEDULE, sessionInput, SLOW, START } from '../live-sessions/live.fixtures';

const SET_TOPICS = `mutation($userId: ID!, $topicIds: [ID!]!) { setModeratorTopics(userId: $userId, topicIds: $topicIds) { id role moderatedTopics { slug } } }`;
const USER_TOPICS = `query($id: ID!) { node(id: $id) { ... on User { id moderatedTopics { slug } } } }`;
const ME_TOPICS = `query { me { id moderatedTopics { slug } } }`;
const HIDE = `mutation($id: ID!, $reason: String!) { hidePost(id: $id, reason: $reason) { id hidden } }`;
const UNHIDE = `mutation($id: ID!) { unhidePost(id: $id) { id hidden } }`;
const LOCK = `mutation($id: ID!, $locked: Boolean!) { lockThread(id: $id, locked: $locked) { id locked } }`;
const PIN = `mutation($id: ID!, $pinned: Boolean!) { pinThread(id: $id, pinned: $pinned) { id pinned } }`;
const MOVE = `mutation($id: ID!, $topicId: ID!) { moveThread(id: $id, topicId: $topicId) { id topic { id } } }`;
const SUSPEND = `mutation($id: ID!, $until: DateTime!) { suspendUser(userId: $id, until: $until, reason: "spam") { id } }`;
const EDIT = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id body } }`;
const THREAD_POSTS = `query($id: ID!) { thread(id: $id) { id hidden posts { totalCount edges { node { id hidden } } } } }`;
const THREADS = `query($topicId: ID!) { threads(filter: { topicId: $topicId }, first: 100) { totalCount edges { node { id } } } }`;
const FLAG = `mutation($input: FlagContentInput!) { flagContent(input: $input) { id } }`;
const QUEUE = `query { moderationQueue(first: 100) { totalCount edges { node { id targetType targetId } } } }`;
const RESOLVE = `mutation($id: ID!, $uphold: Boolean!) { resolveFlag(flagId: $id, uphold: $uphold) { id status } }`;
const LOG = `query($targetId: ID) { moderationLog(targetId: $targetId, first: 100) { totalCount edges { node { action targetType targetId actor { id } } } } }`;
const CREATE_TOPIC = `mutation($input: CreateTopicInput!) { createTopic(input: $input) { id } }`;
const UNKNOWN = '00000000-0000-4000-8000-000000000000';

/**
 * Topic moderators (issue 12): an ADMIN limits a MODERATOR to some topics (their subtrees); there
 * they moderate and see everything, elsewhere they see and act exactly as a MEMBER. The limit
 * applies from the next request (and to open sockets) without signing in again.
 */
describe('moderation: topic moderators (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let tmod: TestUser;
  let globalMod: TestUser;
  let member: TestUser;
  let author: TestUser;
  /** The moderated subtree: a root and two of its subtopics; `out` is elsewhere. */
  const topics = { root: '', leaching: '', gravity: '', out: '' };
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    [tmod, globalMod, member, author] = await Promise.all(['tm-topic', 'tm-global', 'tm-member', 'tm-author'].map((p) => registerUser(t, p)));
    await setRole(t, tmod.id, 'MODERATOR');
    await setRole(t, globalMod.id, 'MODERATOR');
    topics.root = await topicId(t, 'mercury-free-processing');
    topics.leaching = await topicId(t, 'leaching');
    topics.gravity = await topicId(t, 'gravity-concentration');
    topics.out = await topicId(t, 'retorts');
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root] }, admin);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const posts = async (threadId: string, token: string) => {
    const thread = (await t.gqlOk(THREAD_POSTS, { id: threadId }, token)).thread;
    return thread ? thread.posts.edges.map((e: any) => e.node.id) : null;
  };
  const queueTargets = async (token: string) => (await t.gqlOk(QUEUE, {}, token)).moderationQueue.edges.map((e: any) => e.node.targetId);
  const flag = async (user: TestUser, targetType: string, targetId: string) =>
    (await t.gqlOk(FLAG, { input: { targetType, targetId, reason: 'SPAM' } }, user.accessToken)).flagContent.id as string;
  const hideThreadInDb = (id: string) => t.db.query(`UPDATE threads SET hidden = true WHERE id = $1`, [id]);

  it('setModeratorTopics: ADMIN only, on a MODERATOR, known topics; logged; moderatedTopics for the user themselves and staff', async () => {
    expect(errorCode(await t.gql(SET_TOPICS, { userId: tmod.id, topicIds: [] }, globalMod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SET_TOPICS, { userId: tmod.id, topicIds: [] }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SET_TOPICS, { userId: member.id, topicIds: [topics.root] }, admin))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root, UNKNOWN] }, admin))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(SET_TOPICS, { userId: UNKNOWN, topicIds: [] }, admin))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(SET_TOPICS, { userId: tmod.id, topicIds: ['not-an-id'] }, admin))).toBe('BAD_USER_INPUT');

    const set = (await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root, topics.leaching] }, admin)).setModeratorTopics;
    expect(set).toEqual({ id: tmod.id, role: 'MODERATOR', moderatedTopics: [{ slug: 'leaching' }, { slug: 'mercury-free-processing' }] });
    // a repeat changes nothing and is not logged
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.leaching, topics.root] }, admin);
    expect((await t.gqlOk(ME_TOPICS, {}, tmod.accessToken)).me.moderatedTopics).toEqual([{ slug: 'leaching' }, { slug: 'mercury-free-processing' }]);
    expect((await t.gqlOk(USER_TOPICS, { id: tmod.id }, globalMod.accessToken)).node.moderatedTopics).toHaveLength(2);
    expect((await t.gqlOk(USER_TOPICS, { id: tmod.id }, member.accessToken)).node.moderatedTopics).toBeNull();
    expect((await t.gqlOk(USER_TOPICS, { id: tmod.id })).node.moderatedTopics).toBeNull();
    // an unrestricted moderator and a member have none
    expect((await t.gqlOk(USER_TOPICS, { id: globalMod.id }, admin)).node.moderatedTopics).toBeNull();
    expect((await t.gqlOk(USER_TOPICS, { id: member.id }, admin)).node.moderatedTopics).toBeNull();

    const log = (await t.gqlOk(LOG, { targetId: tmod.id }, admin)).moderationLog;
    expect(log.edges.map((e: any) => e.node)).toEqual([
      { action: 'SET_MODERATOR_TOPICS', targetType: 'USER', targetId: tmod.id, actor: { id: expect.any(String) } },
      { action: 'SET_MODERATOR_TOPICS', targetType: 'USER', targetId: tmod.id, actor: { id: expect.any(String) } },
    ]);
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root] }, admin);
  });

  it('in their topics (a subtopic included) they see hidden replies and threads, hide, lock, pin, edit, and resolve flags from their queue', async () => {
    const thread = await createThread(t, author.accessToken, { topicId: topics.leaching });
    const good = await reply(t, member.accessToken, { threadId: thread.id, body: 'Leaching with cyanide needs care.' });
    const bad = await reply(t, member.accessToken, { threadId: thread.id, body: 'Buy cheap mercury here.' });

    expect((await t.gqlOk(HIDE, { id: bad.id, reason: 'spam' }, tmod.accessToken)).hidePost).toEqual({ id: bad.id, hidden: true });
    expect(await posts(thread.id, tmod.accessToken)).toEqual([good.id, bad.id]);
    expect(await posts(thread.id, member.accessToken)).toEqual([good.id]);
    expect((await t.gqlOk(LOCK, { id: thread.id, locked: true }, tmod.accessToken)).lockThread.locked).toBe(true);
    expect((await t.gqlOk(PIN, { id: thread.id, pinned: true }, tmod.accessToken)).pinThread.pinned).toBe(true);
    expect((await t.gqlOk(EDIT, { id: good.id, body: 'Leaching with cyanide needs great care.' }, tmod.accessToken)).editPost.body).toContain('great care');

    // the queue holds flags of their topics; they resolve them
    const flagId = await flag(member, 'POST', good.id);
    expect(await queueTargets(tmod.accessToken)).toContain(good.id);
    expect((await t.gqlOk(RESOLVE, { id: flagId, uphold: false }, tmod.accessToken)).resolveFlag.status).toBe('REJECTED');

    // a hidden thread of their topics: visible to them (thread, list), to nobody else but staff
    const hiddenThread = await createThread(t, author.accessToken, { topicId: topics.gravity });
    await hideThreadInDb(hiddenThread.id);
    expect((await t.gqlOk(THREAD_POSTS, { id: hiddenThread.id }, tmod.accessToken)).thread).toMatchObject({ id: hiddenThread.id, hidden: true });
    expect((await t.gqlOk(THREAD_POSTS, { id: hiddenThread.id }, member.accessToken)).thread).toBeNull();
    expect((await t.gqlOk(THREADS, { topicId: topics.gravity }, tmod.accessToken)).threads.edges.map((e: any) => e.node.id)).toContain(hiddenThread.id);

    // the log shows them what happened in their topics
    const entries = (await t.gqlOk(LOG, { targetId: thread.id }, tmod.accessToken)).moderationLog.edges.map((e: any) => e.node.action);
    expect(entries).toEqual(['PIN_THREAD', 'LOCK_THREAD']);
    expect((await t.gqlOk(LOG, { targetId: bad.id }, tmod.accessToken)).moderationLog.totalCount).toBe(1);
  });

  it('outside their topics they see and act as a MEMBER: hidden content is gone (NOT_FOUND), the rest is FORBIDDEN, the queue and log leave it out', async () => {
    const thread = await createThread(t, author.accessToken, { topicId: topics.out });
    const visible = await reply(t, member.accessToken, { threadId: thread.id, body: 'Retorts capture most vapour.' });
    const hidden = await reply(t, member.accessToken, { threadId: thread.id, body: 'Spam spam spam.' });
    await t.gqlOk(HIDE, { id: hidden.id, reason: 'spam' }, globalMod.accessToken);

    expect(await posts(thread.id, tmod.accessToken)).toEqual([visible.id]);
    expect(await posts(thread.id, globalMod.accessToken)).toEqual([visible.id, hidden.id]);
    expect(errorCode(await t.gql(UNHIDE, { id: hidden.id }, tmod.accessToken))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(HIDE, { id: visible.id, reason: 'no' }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(LOCK, { id: thread.id, locked: true }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(PIN, { id: thread.id, pinned: true }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(EDIT, { id: visible.id, body: 'Rewritten by a moderator.' }, tmod.accessToken))).toBe('FORBIDDEN');

    // a hidden thread and a SECTORS thread of another sector are invisible here, visible in their topics
    const hiddenThread = await createThread(t, author.accessToken, { topicId: topics.out });
    await hideThreadInDb(hiddenThread.id);
    expect((await t.gqlOk(THREAD_POSTS, { id: hiddenThread.id }, tmod.accessToken)).thread).toBeNull();
    expect((await t.gqlOk(THREADS, { topicId: topics.out }, tmod.accessToken)).threads.edges.map((e: any) => e.node.id)).not.toContain(hiddenThread.id);
    expect(errorCode(await t.gql(LOCK, { id: hiddenThread.id, locked: true }, tmod.accessToken))).toBe('NOT_FOUND');
    const govAuthor = await registerUser(t, 'tm-gov');
    await joinSector(t, admin, govAuthor, 'GOVERNMENT');
    const govOut = await createThread(t, govAuthor.accessToken, { topicId: topics.out, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const govIn = await createThread(t, govAuthor.accessToken, { topicId: topics.leaching, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    expect((await t.gqlOk(THREAD_POSTS, { id: govOut.id }, tmod.accessToken)).thread).toBeNull();
    expect((await t.gqlOk(THREAD_POSTS, { id: govIn.id }, tmod.accessToken)).thread).toMatchObject({ id: govIn.id });

    // flags outside: not in their queue (the unrestricted moderator's has them), FORBIDDEN to resolve, NOT_FOUND when hidden from them
    const outFlag = await flag(member, 'POST', visible.id);
    const userFlag = await flag(member, 'USER', author.id);
    expect(await queueTargets(tmod.accessToken)).not.toEqual(expect.arrayContaining([visible.id]));
    expect(await queueTargets(tmod.accessToken)).not.toContain(author.id);
    expect(await queueTargets(globalMod.accessToken)).toEqual(expect.arrayContaining([visible.id, author.id]));
    expect(errorCode(await t.gql(RESOLVE, { id: outFlag, uphold: true }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(RESOLVE, { id: userFlag, uphold: true }, tmod.accessToken))).toBe('FORBIDDEN');
    const hiddenFlag = await flag(globalMod, 'POST', hidden.id);
    expect(errorCode(await t.gql(RESOLVE, { id: hiddenFlag, uphold: true }, tmod.accessToken))).toBe('NOT_FOUND');

    // the log: entries on targets outside their topics, and on users, are left out
    expect((await t.gqlOk(LOG, { targetId: hidden.id }, tmod.accessToken)).moderationLog.totalCount).toBe(0);
    expect((await t.gqlOk(LOG, { targetId: hidden.id }, globalMod.accessToken)).moderationLog.totalCount).toBe(1);
    const all = (await t.gqlOk(LOG, {}, tmod.accessToken)).moderationLog.edges.map((e: any) => e.node);
    expect(all.some((e: any) => e.targetType === 'USER' || e.targetId === hidden.id)).toBe(false);

    // what concerns users stays with ADMIN and unrestricted moderators
    expect(errorCode(await t.gql(SUSPEND, { id: member.id, until: new Date(Date.now() + 86_400_000).toISOString() }, tmod.accessToken))).toBe('FORBIDDEN');
  });

  it('moveThread needs both topics in their scope', async () => {
    const inside = await createThread(t, author.accessToken, { topicId: topics.leaching });
    expect((await t.gqlOk(MOVE, { id: inside.id, topicId: topics.gravity }, tmod.accessToken)).moveThread.topic.id).toBe(topics.gravity);
    expect(errorCode(await t.gql(MOVE, { id: inside.id, topicId: topics.out }, tmod.accessToken))).toBe('FORBIDDEN');
    const outside = await createThread(t, author.accessToken, { topicId: topics.out });
    expect(errorCode(await t.gql(MOVE, { id: outside.id, topicId: topics.leaching }, tmod.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk(MOVE, { id: outside.id, topicId: topics.leaching }, globalMod.accessToken)).moveThread.topic.id).toBe(topics.leaching);
    // moved into their topics: theirs now
    expect((await t.gqlOk(PIN, { id: outside.id, pinned: true }, tmod.accessToken)).pinThread.pinned).toBe(true);
  });

  it('live sessions follow the session\'s topic', async () => {
    const outside = (await t.gqlOk(SCHEDULE, { input: sessionInput(topics.out) }, admin)).scheduleLiveSession;
    const inside = (await t.gqlOk(SCHEDULE, { input: sessionInput(topics.leaching) }, admin)).scheduleLiveSession;
    expect(errorCode(await t.gql(SLOW, { s: outside.id, n: 10 }, tmod.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(START, { id: outside.id }, tmod.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk(SLOW, { s: inside.id, n: 10 }, tmod.accessToken)).setLiveSlowMode.slowModeSeconds).toBe(10);
    expect((await t.gqlOk(START, { id: inside.id }, tmod.accessToken)).startLiveSession.status).toBe('LIVE');
    // scheduling: in their topics only
    expect(errorCode(await t.gql(SCHEDULE, { input: sessionInput(topics.out) }, tmod.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk(SCHEDULE, { input: sessionInput(topics.gravity) }, tmod.accessToken)).scheduleLiveSession.topic.id).toBe(topics.gravity);
  });

  it('a change takes effect without signing in again; a subtopic created later is covered; an empty list lifts the limit', async () => {
    const thread = await createThread(t, author.accessToken, { topicId: topics.out });
    const hidden = await reply(t, member.accessToken, { threadId: thread.id, body: 'Off topic here.' });
    await t.gqlOk(HIDE, { id: hidden.id, reason: 'off topic' }, admin);
    expect(await posts(thread.id, tmod.accessToken)).toEqual([]);

    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.out] }, admin);
    expect(await posts(thread.id, tmod.accessToken)).toEqual([hidden.id]);
    expect(errorCode(await t.gql(PIN, { id: (await createThread(t, author.accessToken, { topicId: topics.leaching })).id, pinned: true }, tmod.accessToken))).toBe('FORBIDDEN');

    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [] }, admin);
    expect((await t.gqlOk(ME_TOPICS, {}, tmod.accessToken)).me.moderatedTopics).toBeNull();
    const anywhere = await createThread(t, author.accessToken, { topicId: topics.leaching });
    expect((await t.gqlOk(PIN, { id: anywhere.id, pinned: true }, tmod.accessToken)).pinThread.pinned).toBe(true);

    // a subtopic created after the limit was set is moderated from the next request on
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root] }, admin);
    const fresh = (await t.gqlOk(CREATE_TOPIC, { input: { name: 'Mercury-free fresh subtopic', slug: 'tm-fresh-subtopic', parentId: topics.leaching } }, admin)).createTopic.id;
    const freshThread = await createThread(t, author.accessToken, { topicId: fresh });
    expect((await t.gqlOk(LOCK, { id: freshThread.id, locked: true }, tmod.accessToken)).lockThread.locked).toBe(true);

    // leaving the MODERATOR role drops the limit
    await t.gqlOk(`mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id } }`, { id: tmod.id, role: 'MEMBER' }, admin);
    expect(errorCode(await t.gql(LOCK, { id: freshThread.id, locked: false }, tmod.accessToken))).toBe('FORBIDDEN');
    await t.gqlOk(`mutation($id: ID!, $role: Role!) { setUserRole(userId: $id, role: $role) { id } }`, { id: tmod.id, role: 'MODERATOR' }, admin);
    expect((await t.gqlOk(ME_TOPICS, {}, tmod.accessToken)).me.moderatedTopics).toBeNull();
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root] }, admin);
  });

  it('sockets: following a hidden thread of their topics, they stay on a re-check; limited away from it, the socket leaves the room', async () => {
    const thread = await createThread(t, author.accessToken, { topicId: topics.leaching });
    await hideThreadInDb(thread.id);
    const room = `thread:${thread.id}`;
    const s = await sockets.connect(tmod.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    const m = await sockets.connect(member.accessToken);
    expect(await m.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });

    // a re-check that keeps it in scope (a move within their topics, a wider limit): they stay
    await t.gqlOk(MOVE, { id: thread.id, topicId: topics.gravity }, admin);
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root, topics.out] }, admin);
    await s.call('unsubscribe', { room: 'noop' });
    expect(s.unsubscribed).toEqual([]);
    await s.until(() => s.events.some((e) => e.room === room && e.type === 'thread.updated'), 'thread.updated');

    // limited away from that topic: re-checked at once (before the mutation answered)
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.out] }, admin);
    await s.call('unsubscribe', { room: 'noop' });
    expect(s.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
    expect(await s.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [topics.root] }, admin);
  });
});

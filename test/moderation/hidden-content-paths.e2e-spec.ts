import { DataSource } from 'typeorm';
import { HiddenPostCounts1795830000000 } from '../../migrations/1795830000000-HiddenPostCounts';
import { MESSAGES, SEND, START, schedule } from '../live-sessions/live.fixtures';
import { WATCH_THREAD } from '../support/documents';
import { createThread, reply, setRole, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { Envelope, socketPool, TestSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const HIDE = `mutation($id: ID!, $reason: String!) { hidePost(id: $id, reason: $reason) { id hidden } }`;
const UNHIDE = `mutation($id: ID!) { unhidePost(id: $id) { id hidden } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { id postCount score lastActivityAt lastPoster { id } posts { totalCount edges { node { id hidden } } } } }`;
const THREADS = `query($author: ID!) { threads(filter: { authorId: $author }, orderBy: ACTIVITY) { totalCount edges { node { id postCount lastActivityAt lastPoster { id } } } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 50) { totalCount edges { node { thread { id } post { id hidden } } } } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { totalCount edges { node { id type post { id hidden } } } } unreadNotificationCount }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on Post { hidden } ... on Notification { type } ... on LiveMessage { hidden } } }`;
const POST = `query($id: ID!) { post(id: $id) { id hidden body } }`;
const EDIT = `mutation($id: ID!, $body: String!) { editPost(id: $id, body: $body) { id } }`;
const VOTE = `mutation($id: ID!, $v: Int!) { votePost(postId: $id, value: $v) { id score } }`;
const HIDE_LIVE = `mutation($id: ID!, $reason: String!) { hideLiveMessage(id: $id, reason: $reason) { id hidden } }`;
const UNHIDE_LIVE = `mutation($id: ID!) { unhideLiveMessage(id: $id) { id hidden } }`;
const LIVE_MESSAGES = `query($id: ID!) { liveSession(id: $id) { messages(last: 50) { id hidden body } } }`;

const ids = (edges: { node: { id: string } }[]) => edges.map((e) => e.node.id);
/** Thread-room events that name the post. */
const about = (postId: string) => (e: Envelope) => e.room.startsWith('thread:') && JSON.stringify(e.data).includes(postId);

/**
 * Issue 12: hidden content never reaches non-moderators, on any read path, and comes back on
 * unhide. One story walks every path for a member and an anonymous reader (the thread is
 * PUBLIC), and for a moderator (who sees it, marked hidden).
 */
describe('moderation: a hidden reply on every read path (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let moderator: TestUser;
  let author: TestUser;
  let member: TestUser;
  let replier: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    moderator = await registerUser(t, 'hp-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    author = await registerUser(t, 'hp-author');
    member = await registerUser(t, 'hp-member');
    replier = await registerUser(t, 'hp-replier');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('hidePost: gone for a member and an anonymous reader from thread(id), lists and counts, activity, search, notifications, sockets, replay, node(id), post(id); the moderator sees it hidden; unhidePost restores every path', async () => {
    const as = { member: member.accessToken, anonymous: null as string | null };
    // Thread A gets a visible reply, thread B starts later, then A gets the reply that will be hidden.
    const a = await createThread(t, author.accessToken, { topicId: topic, title: 'Retort seals zzthreadword for small batches' });
    await t.gqlOk(WATCH_THREAD, { id: a.id, w: true }, moderator.accessToken);
    const room = `thread:${a.id}`;
    const visible = await reply(t, member.accessToken, { threadId: a.id, body: 'A useful answer about retort seals.' });
    const b = await createThread(t, author.accessToken, { topicId: topic });
    const onMember = await sockets.connect(member.accessToken);
    const onAnonymous = await sockets.connect();
    const onModerator = await sockets.connect(moderator.accessToken);
    const before = (await onMember.call('subscribe', { room })).seq as number;
    for (const s of [onAnonymous, onModerator]) expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: before });
    const bad = await reply(t, replier.accessToken, { threadId: a.id, body: `Buy zzhiddenword pills, @${author.handle} @${member.handle}` });
    await t.gqlOk(VOTE, { id: bad.id, v: 1 }, member.accessToken);
    await onMember.until(() => onMember.events.filter(about(bad.id)).length === 2, 'post.created and the vote');

    // Before: A has two replies and is the most active thread; the recipients were notified.
    const listed = async (token: string | null) => (await t.gqlOk(THREADS, { author: author.id }, token)).threads.edges.map((e: any) => e.node);
    expect((await listed(as.member)).map((n: any) => [n.id, n.postCount, n.lastPoster?.id])).toEqual([
      [a.id, 2, replier.id],
      [b.id, 0, undefined],
    ]);
    const inbox = async (token: string) => (await t.gqlOk(NOTIFICATIONS, {}, token)) as { notifications: any; unreadNotificationCount: number };
    const authorBefore = await inbox(author.accessToken);
    const aboutBad = (n: { post: { id: string } | null }) => n.post?.id === bad.id;
    expect(authorBefore.notifications.edges.map((e: any) => e.node).filter(aboutBad).map((n: any) => n.type).sort()).toEqual(['MENTION', 'REPLY']);
    const memberBefore = await inbox(member.accessToken);
    expect(memberBefore.notifications.edges.map((e: any) => e.node).filter(aboutBad).map((n: any) => n.type)).toEqual(['MENTION']);
    const mention = memberBefore.notifications.edges.find((e: any) => aboutBad(e.node)).node;
    const scoreBefore = (await t.gqlOk(THREAD, { id: a.id })).thread.score;
    expect(scoreBefore).toBe(1);

    const atHide = [onMember, onAnonymous].map((s) => s.events.length);
    expect((await t.gqlOk(HIDE, { id: bad.id, reason: 'spam' }, moderator.accessToken)).hidePost).toEqual({ id: bad.id, hidden: true });

    // Socket broadcast: every socket hears that it is hidden (without its text) and the thread's new visible counters.
    for (const s of [onMember, onAnonymous, onModerator]) {
      await s.until(() => s.events.some((e) => e.type === 'thread.updated') && s.events.some((e) => e.type === 'post.updated' && e.data.hidden === true), 'the hide');
      const hid = s.events.find((e) => e.type === 'post.updated' && e.data.hidden === true)!;
      expect(hid.data).toEqual({ postId: bad.id, threadId: a.id, hidden: true, fields: ['hidden'] });
      expect(s.events.find((e) => e.type === 'post.hidden')!.data).toEqual({ postId: bad.id, threadId: a.id });
      expect(s.events.find((e) => e.type === 'thread.updated')!.data).toMatchObject({ postCount: 1, score: 0, lastPosterId: member.id, lastActivityAt: visible.createdAt });
    }
    // The moderator edits and votes on the hidden reply: nothing of it is broadcast (a visible edit after it is).
    const seenBefore = onMember.events.length;
    await t.gqlOk(EDIT, { id: bad.id, body: 'Edited zzhiddenword text' }, moderator.accessToken);
    await t.gqlOk(VOTE, { id: bad.id, v: -1 }, moderator.accessToken);
    await t.gqlOk(EDIT, { id: visible.id, body: 'A useful answer about retort seals (edited).' }, member.accessToken);
    for (const s of [onMember, onAnonymous, onModerator]) await s.until(() => s.events.some((e) => e.type === 'post.updated' && e.data.postId === visible.id), 'the visible edit');
    expect(onMember.events.slice(seenBefore).filter((e) => e.room === room).map((e) => [e.type, e.data.postId])).toEqual([['post.updated', visible.id]]);
    // nothing they received since the hide carries its text
    expect(JSON.stringify(onMember.events.slice(atHide[0]))).not.toContain('zzhiddenword');
    expect(JSON.stringify(onAnonymous.events.slice(atHide[1]))).not.toContain('zzhiddenword');

    for (const [who, token] of Object.entries(as)) {
      // thread(id): the reply is not listed nor counted, and does not set the activity or last poster
      const thread = (await t.gqlOk(THREAD, { id: a.id }, token)).thread;
      expect([who, ids(thread.posts.edges), thread.posts.totalCount, thread.postCount]).toEqual([who, [visible.id], 1, 1]);
      expect(thread.lastPoster?.id).toBe(member.id);
      expect(thread.lastActivityAt).toBe(visible.createdAt);
      // the thread's score no longer counts the hidden reply's votes (nor the moderator's vote on it)
      expect(thread.score).toBe(0);
      // threads(...): same count, and the hidden reply no longer bumps A above B
      expect((await listed(token)).map((n: any) => [n.id, n.postCount])).toEqual([
        [b.id, 0],
        [a.id, 1],
      ]);
      // search: no hit, not counted
      const found = (await t.gqlOk(SEARCH, { q: 'zzhiddenword' }, token)).search;
      expect([who, found.totalCount, found.edges]).toEqual([who, 0, []]);
      expect((await t.gqlOk(SEARCH, { q: 'zzthreadword' }, token)).search.totalCount).toBe(1);
      // post(id), node(id)
      expect((await t.gqlOk(POST, { id: bad.id }, token)).post).toBeNull();
      expect((await t.gqlOk(NODE, { id: bad.id }, token)).node).toBeNull();
    }
    // Notifications already listed: gone from the list, its totalCount and the unread count, and node(id).
    for (const [user, prior, removed] of [
      [author, authorBefore, 2],
      [member, memberBefore, 1],
    ] as const) {
      const now = await inbox(user.accessToken);
      expect(now.notifications.edges.map((e: any) => e.node).filter(aboutBad)).toEqual([]);
      expect(now.notifications.totalCount).toBe(prior.notifications.totalCount - removed);
      expect(now.unreadNotificationCount).toBe(prior.unreadNotificationCount - removed);
    }
    expect((await t.gqlOk(NODE, { id: mention.id }, member.accessToken)).node).toBeNull();
    expect((await t.gqlOk(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [mention.id] }, member.accessToken)).markNotificationsRead).toBe(0);

    // Socket replay from before the reply: every stored event about it is a post.hidden tombstone at its own seq (ids
    // only), then the hide itself; nothing replayed names its author or carries its text.
    const createdSeq = onMember.events.find((e) => e.type === 'post.created' && e.data.postId === bad.id)!.seq;
    const voteSeq = onMember.events.find((e) => e.type === 'post.updated' && e.data.postId === bad.id)!.seq;
    const replayFrom = async (token: string | null) => {
      const s = await sockets.connect(token);
      const ack = await s.call('subscribe', { room, lastSeq: before });
      expect(ack).toMatchObject({ ok: true });
      await s.until(() => s.events.filter((e) => e.room === room).length === ack.seq - before, 'the replay');
      return s.events.filter((e) => e.room === room);
    };
    const noTraceOfBad = (events: Envelope[]) => {
      const all = JSON.stringify(events);
      for (const trace of ['zzhiddenword', replier.id, replier.handle]) expect([trace, all.includes(trace)]).toEqual([trace, false]);
    };
    for (const token of Object.values(as)) {
      const replayed = await replayFrom(token);
      noTraceOfBad(replayed);
      expect(replayed.find((e) => e.seq === createdSeq)).toMatchObject({ type: 'post.hidden', data: { postId: bad.id, threadId: a.id } });
      expect(replayed.find((e) => e.seq === createdSeq)!.data).toEqual({ postId: bad.id, threadId: a.id });
      expect(replayed.find((e) => e.seq === voteSeq)).toMatchObject({ type: 'post.hidden', data: { postId: bad.id, threadId: a.id } });
      expect(replayed.filter(about(bad.id)).map((e) => e.type)).toEqual(['post.hidden', 'post.hidden', 'post.hidden', 'post.updated']);
    }

    // The moderator sees it, marked hidden, on each path.
    const staff = moderator.accessToken;
    const asStaff = (await t.gqlOk(THREAD, { id: a.id }, staff)).thread;
    expect([ids(asStaff.posts.edges), asStaff.posts.totalCount, asStaff.postCount]).toEqual([[visible.id, bad.id], 2, 2]);
    expect(asStaff.posts.edges[1].node.hidden).toBe(true);
    expect((await t.gqlOk(THREADS, { author: author.id }, staff)).threads.edges.map((e: any) => [e.node.id, e.node.postCount])).toEqual([
      [b.id, 0],
      [a.id, 2],
    ]);
    expect((await t.gqlOk(SEARCH, { q: 'zzhiddenword' }, staff)).search).toEqual({ totalCount: 1, edges: [{ node: { thread: { id: a.id }, post: { id: bad.id, hidden: true } } }] });
    expect((await t.gqlOk(POST, { id: bad.id }, staff)).post).toEqual({ id: bad.id, hidden: true, body: 'Edited zzhiddenword text' });
    expect((await t.gqlOk(NODE, { id: bad.id }, staff)).node).toEqual({ id: bad.id, hidden: true });
    expect((await inbox(staff)).notifications.edges.map((e: any) => e.node).filter(aboutBad)).toEqual([{ id: expect.any(String), type: 'REPLY', post: { id: bad.id, hidden: true } }]);

    // unhidePost: every path is back.
    await t.gqlOk(UNHIDE, { id: bad.id }, moderator.accessToken);
    await onMember.until(() => onMember.events.some((e) => e.type === 'post.updated' && e.data.hidden === false), 'the unhide');
    await onMember.until(() => onMember.events.filter((e) => e.type === 'thread.updated').length === 2, 'the counters after the unhide');
    expect(onMember.events.filter((e) => e.type === 'thread.updated')[1].data).toMatchObject({ postCount: 2, score: 0, lastPosterId: replier.id, lastActivityAt: bad.createdAt });
    expect(onMember.events.find((e) => e.type === 'post.updated' && e.data.hidden === false)!.data.bodyHtml).toContain('zzhiddenword');
    // ... and post.unhidden carries the whole reply with its author, for clients that only saw the tombstone.
    for (const s of [onMember, onAnonymous]) {
      await s.until(() => s.events.some((e) => e.type === 'post.unhidden'), 'post.unhidden');
      expect(s.events.find((e) => e.type === 'post.unhidden')!.data).toEqual({
        postId: bad.id,
        threadId: a.id,
        parentId: null,
        authorId: replier.id,
        author: { id: replier.id, handle: replier.handle, displayName: expect.any(String) },
        bodyHtml: expect.stringContaining('Edited zzhiddenword text'),
        createdAt: bad.createdAt,
        editedAt: expect.any(String),
        score: 0,
        deleted: false,
        accepted: false,
      });
    }
    for (const token of Object.values(as)) {
      const thread = (await t.gqlOk(THREAD, { id: a.id }, token)).thread;
      expect([ids(thread.posts.edges), thread.posts.totalCount, thread.postCount, thread.lastPoster?.id, thread.lastActivityAt]).toEqual([
        [visible.id, bad.id],
        2,
        2,
        replier.id,
        bad.createdAt,
      ]);
      // its score is the thread's again: the member's +1 and the moderator's -1
      expect(thread.score).toBe(0);
      expect((await listed(token)).map((n: any) => n.id)).toEqual([a.id, b.id]);
      expect((await t.gqlOk(SEARCH, { q: 'zzhiddenword' }, token)).search.totalCount).toBe(1);
      expect((await t.gqlOk(POST, { id: bad.id }, token)).post).toMatchObject({ id: bad.id, hidden: false });
    }
    expect(await inbox(author.accessToken)).toMatchObject({ unreadNotificationCount: authorBefore.unreadNotificationCount, notifications: { totalCount: authorBefore.notifications.totalCount } });
    expect((await t.gqlOk(NODE, { id: mention.id }, member.accessToken)).node).toEqual({ id: mention.id, type: 'MENTION' });
    expect((await t.gqlOk(THREAD, { id: a.id }, staff)).thread.postCount).toBe(2);

    // The stored tombstones stay after the unhide (the replay shows it again through post.unhidden); hidden once more,
    // the post.unhidden and the counters naming it as the last poster are scrubbed too.
    const afterUnhide = await replayFrom(member.accessToken);
    expect(afterUnhide.find((e) => e.seq === createdSeq)!.type).toBe('post.hidden');
    expect(afterUnhide.filter((e) => e.type === 'post.unhidden').map((e) => e.data.author.id)).toEqual([replier.id]);
    await t.gqlOk(HIDE, { id: bad.id, reason: 'spam again' }, moderator.accessToken);
    for (const token of Object.values(as)) noTraceOfBad(await replayFrom(token));
  });

  it('a hidden live chat message: gone from messages, node(id) and replays for a member and an anonymous reader; the moderator sees it hidden; unhide restores it', async () => {
    const session = await schedule(t, moderator.accessToken, topic);
    await t.gqlOk(START, { id: session.id }, moderator.accessToken);
    const room = `session:${session.id}`;
    const watcher = await sockets.connect(member.accessToken);
    const start = (await watcher.call('subscribe', { room })).seq as number;
    const message = (await t.gqlOk(SEND, { s: session.id, body: 'Cheap zzlivehidden deals here' }, replier.accessToken)).sendLiveMessage;
    await t.gqlOk(SEND, { s: session.id, body: 'A fair question about retorts' }, member.accessToken);
    expect((await t.gqlOk(HIDE_LIVE, { id: message.id, reason: 'spam' }, moderator.accessToken)).hideLiveMessage).toEqual({ id: message.id, hidden: true });
    await watcher.until(() => watcher.events.some((e) => e.type === 'live.message.hidden'), 'live.message.hidden');
    expect(watcher.events.find((e) => e.type === 'live.message.hidden')!.data).toEqual({ messageId: message.id, sessionId: session.id });

    for (const token of [member.accessToken, null]) {
      const messages = (await t.gqlOk(LIVE_MESSAGES, { id: session.id }, token)).liveSession.messages;
      expect(messages.map((m: any) => m.id)).not.toContain(message.id);
      expect(messages).toHaveLength(1);
      expect((await t.gqlOk(NODE, { id: message.id }, token)).node).toBeNull();
      const replay: TestSocket = await sockets.connect(token);
      const ack = await replay.call('subscribe', { room, lastSeq: start });
      await replay.until(() => replay.events.filter((e) => e.room === room && e.seq !== null).length === ack.seq - start, 'the chat replay');
      // its live.message became a live.message.hidden tombstone at the message's seq: no author, no text
      const replayed = replay.events.filter((e) => e.room === room && e.seq !== null);
      expect(replayed.find((e) => e.seq === message.seq)).toMatchObject({ type: 'live.message.hidden', data: { messageId: message.id, sessionId: session.id } });
      expect(replayed.find((e) => e.seq === message.seq)!.data).toEqual({ messageId: message.id, sessionId: session.id });
      const all = JSON.stringify(replayed);
      for (const trace of ['zzlivehidden', replier.id, replier.handle]) expect([trace, all.includes(trace)]).toEqual([trace, false]);
      expect(replayed.filter((e) => e.type === 'live.message').map((e) => e.data.body)).toEqual(['A fair question about retorts']);
    }
    const asStaff = (await t.gqlOk(LIVE_MESSAGES, { id: session.id }, moderator.accessToken)).liveSession.messages;
    expect(asStaff.find((m: any) => m.id === message.id)).toEqual({ id: message.id, hidden: true, body: 'Cheap zzlivehidden deals here' });
    expect((await t.gqlOk(NODE, { id: message.id }, moderator.accessToken)).node).toEqual({ id: message.id, hidden: true });

    await t.gqlOk(UNHIDE_LIVE, { id: message.id }, moderator.accessToken);
    expect((await t.gqlOk(LIVE_MESSAGES, { id: session.id }, member.accessToken)).liveSession.messages.map((m: any) => m.id)).toContain(message.id);
    expect((await t.gqlOk(MESSAGES, { id: session.id }, null)).liveSession.messages.map((m: any) => m.id)).toContain(message.id);
  });

  it('counters stay exact: 20 concurrent replies and a hide, then a deletion of the hidden reply', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const target = await reply(t, replier.accessToken, { threadId: thread.id, body: 'To be hidden' });
    await t.gqlOk(VOTE, { id: target.id, v: 1 }, member.accessToken);
    const writers = await Promise.all([0, 1, 2, 3].map((i) => registerUser(t, `hp-w${i}`)));
    const results = await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => reply(t, writers[i % 4].accessToken, { threadId: thread.id, body: `Concurrent reply ${i}` })),
      t.gqlOk(HIDE, { id: target.id, reason: 'spam' }, moderator.accessToken),
    ]);
    const replies = results.slice(0, 20) as { id: string; createdAt: string; author: { id: string } }[];
    const latest = [...replies].sort((x, y) => (x.createdAt === y.createdAt ? 0 : x.createdAt < y.createdAt ? 1 : -1))[0];
    const exact = async () =>
      t.db.query<{ id: string }>(
        `SELECT t.id FROM threads t WHERE t.id = $1 AND (
           t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)
        OR t.hidden_post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND p.hidden)
        OR t.score <> (SELECT coalesce(sum(p.score), 0) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)
        OR t.last_activity_at <> (SELECT max(p.created_at) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden))`,
        [thread.id],
      );
    expect(await exact()).toEqual([]);
    expect((await t.gqlOk(THREAD, { id: thread.id }, member.accessToken)).thread).toMatchObject({ postCount: 20, score: 0, lastActivityAt: latest.createdAt });
    expect((await t.gqlOk(THREAD, { id: thread.id }, moderator.accessToken)).thread.postCount).toBe(21);
    // deleting the hidden reply: one hidden reply fewer, the members' count unchanged
    await t.gqlOk(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: target.id }, moderator.accessToken);
    expect(await exact()).toEqual([]);
    expect((await t.gqlOk(THREAD, { id: thread.id }, member.accessToken)).thread.postCount).toBe(20);
    expect((await t.gqlOk(THREAD, { id: thread.id }, moderator.accessToken)).thread.postCount).toBe(20);
  });

  it('the migration back-fills the counters exactly from the replies (visible, hidden, deleted; score; activity and last poster)', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const kept = await reply(t, member.accessToken, { threadId: thread.id, body: 'Kept' });
    await t.gqlOk(VOTE, { id: kept.id, v: 1 }, replier.accessToken);
    const hidden = await reply(t, replier.accessToken, { threadId: thread.id, body: 'Hidden later' });
    await t.gqlOk(VOTE, { id: hidden.id, v: 1 }, member.accessToken);
    const gone = await reply(t, replier.accessToken, { threadId: thread.id, body: 'Deleted' });
    await t.gqlOk(`mutation($id: ID!) { deletePost(id: $id) { id } }`, { id: gone.id }, replier.accessToken);
    await t.gqlOk(HIDE, { id: hidden.id, reason: 'spam' }, moderator.accessToken);
    const expected = (await t.db.query(`SELECT post_count, hidden_post_count, score, last_activity_at, last_poster_id FROM threads WHERE id = $1`, [thread.id]))[0];
    expect(expected).toMatchObject({ post_count: 1, hidden_post_count: 1, score: 1, last_poster_id: member.id });

    // The counters as the code before the migration kept them (hidden replies counted), then the migration.
    const runner = t.app.get(DataSource).createQueryRunner();
    try {
      await runner.query(`ALTER TABLE threads DROP COLUMN hidden_post_count`);
      await runner.query(`UPDATE threads SET post_count = 2, score = 2, last_activity_at = $2, last_poster_id = $3 WHERE id = $1`, [thread.id, hidden.createdAt, replier.id]);
      await new HiddenPostCounts1795830000000().up(runner);
    } finally {
      await runner.release();
    }
    expect((await t.db.query(`SELECT post_count, hidden_post_count, score, last_activity_at, last_poster_id FROM threads WHERE id = $1`, [thread.id]))[0]).toEqual(expected);
    const drift = await t.db.query(`SELECT t.id FROM threads t
      WHERE t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)
         OR t.hidden_post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND p.hidden)
         OR t.score <> (SELECT coalesce(sum(p.score), 0) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)`);
    expect(drift).toEqual([]);
  });
});

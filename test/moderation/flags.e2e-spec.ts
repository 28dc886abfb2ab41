import { makeVerifiedExpert, schedule } from '../live-sessions/live.fixtures';
import { createThread, errorCode, reply, setRole, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const FLAG = `mutation($input: FlagContentInput!) { flagContent(input: $input) { id targetType targetId reason note status flagCount reporter { id } } }`;
const QUEUE = `query($status: FlagStatus, $first: Int, $after: String) { moderationQueue(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id targetType targetId flagCount status createdAt post { id hidden } thread { id } user { id } } } } }`;
const RESOLVE = `mutation($id: ID!, $uphold: Boolean!, $note: String) { resolveFlag(flagId: $id, uphold: $uphold, note: $note) { id status resolvedAt resolvedBy { id } flagCount } }`;
const THREAD_POSTS = `query($id: ID!) { thread(id: $id) { posts { totalCount edges { node { id hidden } } } } }`;
const NOTIFICATIONS = `query { notifications { edges { node { type thread { id } post { id } } } } }`;
const LOG = `query($targetId: ID) { moderationLog(targetId: $targetId) { edges { node { action actor { id } } } } }`;

/** Flags: once per user and target, a daily limit, auto-hide by distinct users, the queue and its resolution. */
describe('moderation: flags and the review queue (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let moderator: TestUser;
  let author: TestUser;
  let flaggers: TestUser[];
  let topic: string;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    admin = await adminToken(t);
    moderator = await registerUser(t, 'flag-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    author = await registerUser(t, 'flag-author');
    flaggers = [];
    for (let i = 0; i < 4; i++) flaggers.push(await registerUser(t, `flagger${i}`));
    topic = await topicId(t);
  });

  const sockets = socketPool(() => t.baseUrl);

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const flag = (user: TestUser, targetType: string, targetId: string, reason = 'SPAM') =>
    t.gql(FLAG, { input: { targetType, targetId, reason, note: 'see this' } }, user.accessToken);
  const visibleToMember = async (threadId: string) =>
    (await t.gqlOk(THREAD_POSTS, { id: threadId }, flaggers[3].accessToken)).thread.posts.edges.map((e: any) => e.node.id);
  const queue = async (status = 'OPEN') => (await t.gqlOk(QUEUE, { status, first: 100 }, moderator.accessToken)).moderationQueue;

  it('three distinct users hide a reply at once and its author is notified; the same user twice is CONFLICT and does not count', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const post = await reply(t, author.accessToken, { threadId: thread.id, body: 'Cheap mercury, DM me.' });
    const first = await flag(flaggers[0], 'POST', post.id);
    expect(first.data.flagContent).toMatchObject({ targetType: 'POST', targetId: post.id, reason: 'SPAM', note: 'see this', status: 'OPEN', flagCount: 1, reporter: { id: flaggers[0].id } });
    expect(errorCode(await flag(flaggers[0], 'POST', post.id, 'OFFENSIVE'))).toBe('CONFLICT');
    expect((await flag(flaggers[1], 'POST', post.id)).data.flagContent.flagCount).toBe(2);
    expect(await visibleToMember(thread.id)).toContain(post.id);
    expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges).toEqual([]);

    expect((await flag(flaggers[2], 'POST', post.id)).data.flagContent.flagCount).toBe(3);
    expect(await visibleToMember(thread.id)).not.toContain(post.id);
    expect((await t.gqlOk(THREAD_POSTS, { id: thread.id }, moderator.accessToken)).thread.posts.edges[0].node).toEqual({ id: post.id, hidden: true });
    expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.map((e: any) => e.node)).toEqual([
      { type: 'MODERATION', thread: { id: thread.id }, post: null },
    ]);
    expect((await t.gqlOk(LOG, { targetId: post.id }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node)).toEqual([{ action: 'AUTO_HIDE', actor: null }]);
    // Hidden, it no longer exists for a fourth member.
    expect(errorCode(await flag(flaggers[3], 'POST', post.id))).toBe('NOT_FOUND');
  });

  it('three distinct users hide a thread: members lose it (and their sockets leave its room at once), its author is notified', async () => {
    const thread = await createThread(t, author.accessToken, { topicId: topic });
    const room = `thread:${thread.id}`;
    const s = await sockets.connect(flaggers[3].accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    for (const f of flaggers.slice(0, 3)) expect((await flag(f, 'THREAD', thread.id, 'OFF_TOPIC')).errors).toBeUndefined();
    await s.call('unsubscribe', { room: 'noop' });
    expect(s.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
    expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { id } }`, { id: thread.id }, flaggers[3].accessToken)).thread).toBeNull();
    expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { hidden } }`, { id: thread.id }, moderator.accessToken)).thread.hidden).toBe(true);
    const notes = (await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.map((e: any) => e.node);
    expect(notes[0]).toEqual({ type: 'MODERATION', thread: null, post: null });
  });

  it('flagging what the flagger may not see is NOT_FOUND; oneself is BAD_USER_INPUT; anonymous is UNAUTHENTICATED', async () => {
    const secret = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    expect(errorCode(await flag(flaggers[0], 'THREAD', secret.id))).toBe('NOT_FOUND');
    expect(errorCode(await flag(flaggers[0], 'POST', '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(errorCode(await flag(flaggers[0], 'USER', '00000000-0000-4000-8000-000000000000'))).toBe('NOT_FOUND');
    expect(errorCode(await flag(flaggers[0], 'USER', flaggers[0].id))).toBe('BAD_USER_INPUT');
    // LIVE_MESSAGE is a target like the others: an id that names no chat message the flagger may see is NOT_FOUND
    expect(errorCode(await flag(flaggers[0], 'LIVE_MESSAGE', secret.id))).toBe('NOT_FOUND');
    expect(errorCode(await t.gql(FLAG, { input: { targetType: 'USER', targetId: author.id, reason: 'SPAM' } }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(QUEUE, {}, flaggers[0].accessToken))).toBe('FORBIDDEN');
  });

  it('at most 20 flags a day per user, from the stored rows: RATE_LIMITED with retryAfterSeconds', async () => {
    const busy = await registerUser(t, 'flag-busy');
    const thread = await createThread(t, admin, { topicId: topic });
    const posts = [];
    for (let i = 0; i < 22; i++) posts.push(await reply(t, admin, { threadId: thread.id, body: `reply ${i}` }));
    // Two of them made 25 hours ago: they no longer count.
    for (const p of posts.slice(0, 2)) expect((await flag(busy, 'POST', p.id)).errors).toBeUndefined();
    await t.db.query(`UPDATE flags SET created_at = now() - interval '25 hours' WHERE reporter_id = $1`, [busy.id]);
    // 20 within the day are allowed …
    for (const p of posts.slice(2, 22)) expect((await flag(busy, 'POST', p.id)).errors).toBeUndefined();
    // … the 21st is not.
    const refused = await flag(busy, 'THREAD', thread.id);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(23 * 3600);
    expect(refused.errors![0].extensions!.retryAfterSeconds).toBeLessThanOrEqual(24 * 3600);
  });

  it('the queue groups flags by target, most-flagged then oldest first, with the content as a moderator sees it, and pages', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const older = await reply(t, author.accessToken, { threadId: thread.id, body: 'older' });
    const twice = await reply(t, author.accessToken, { threadId: thread.id, body: 'twice' });
    await flag(flaggers[0], 'POST', older.id);
    await flag(flaggers[0], 'USER', author.id);
    await flag(flaggers[0], 'POST', twice.id);
    await flag(flaggers[1], 'POST', twice.id);
    const mine = new Set([older.id, twice.id, author.id]);
    const nodes = (await queue()).edges.map((e: any) => e.node).filter((n: any) => mine.has(n.targetId));
    expect(nodes.map((n: any) => [n.targetId, n.flagCount])).toEqual([
      [twice.id, 2],
      [older.id, 1],
      [author.id, 1],
    ]);
    expect(nodes[0]).toMatchObject({ targetType: 'POST', post: { id: twice.id, hidden: false }, thread: { id: thread.id }, user: null });
    expect(nodes[2]).toMatchObject({ targetType: 'USER', user: { id: author.id }, post: null, thread: null });
    const all = await queue();
    expect(all.totalCount).toBe(all.edges.length);
    // Keyset pages give the same order.
    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = (await t.gqlOk(QUEUE, { first: 2, after }, moderator.accessToken)).moderationQueue;
      paged.push(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(all.edges.map((e: any) => e.node.id));
  });

  it('rejecting restores content only flags hid; upholding hides it and notifies its author; either resolves every open flag of the target', async () => {
    const thread = await createThread(t, admin, { topicId: topic });
    const autoHidden = await reply(t, author.accessToken, { threadId: thread.id, body: 'auto' });
    let flagId = '';
    for (const f of flaggers.slice(0, 3)) flagId = (await flag(f, 'POST', autoHidden.id)).data.flagContent.id;
    expect(await visibleToMember(thread.id)).not.toContain(autoHidden.id);
    const rejected = (await t.gqlOk(RESOLVE, { id: flagId, uphold: false, note: 'fine' }, moderator.accessToken)).resolveFlag;
    expect(rejected).toMatchObject({ id: flagId, status: 'REJECTED', resolvedBy: { id: moderator.id }, flagCount: 3 });
    expect(await visibleToMember(thread.id)).toContain(autoHidden.id);
    expect((await queue()).edges.some((e: any) => e.node.targetId === autoHidden.id)).toBe(false);
    expect((await queue('REJECTED')).edges.find((e: any) => e.node.targetId === autoHidden.id).node.flagCount).toBe(3);
    // Resolving again changes nothing.
    expect((await t.gqlOk(RESOLVE, { id: flagId, uphold: true }, moderator.accessToken)).resolveFlag.status).toBe('REJECTED');

    // Hidden by a moderator, then flagged: rejecting the flags does not show it again.
    const byModerator = await reply(t, author.accessToken, { threadId: thread.id, body: 'moderated' });
    const f1 = (await flag(flaggers[0], 'POST', byModerator.id)).data.flagContent.id;
    await t.gqlOk(`mutation($id: ID!) { hidePost(id: $id, reason: "rude") { id } }`, { id: byModerator.id }, moderator.accessToken);
    await t.gqlOk(RESOLVE, { id: f1, uphold: false }, moderator.accessToken);
    expect(await visibleToMember(thread.id)).not.toContain(byModerator.id);

    // Upholding a single flag hides the reply and notifies its author.
    const upheld = await reply(t, author.accessToken, { threadId: thread.id, body: 'upheld' });
    const f2 = (await flag(flaggers[0], 'POST', upheld.id)).data.flagContent.id;
    await flag(flaggers[1], 'POST', upheld.id);
    const before = (await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.length;
    expect((await t.gqlOk(RESOLVE, { id: f2, uphold: true }, admin)).resolveFlag).toMatchObject({ status: 'UPHELD', flagCount: 2 });
    expect(await visibleToMember(thread.id)).not.toContain(upheld.id);
    expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.length).toBe(before + 1);
    expect((await queue('UPHELD')).edges.find((e: any) => e.node.targetId === upheld.id).node.flagCount).toBe(2);
    expect(errorCode(await t.gql(RESOLVE, { id: f2, uphold: true }, flaggers[0].accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(RESOLVE, { id: '00000000-0000-4000-8000-000000000000', uphold: true }, moderator.accessToken))).toBe('NOT_FOUND');
  });

  it('live chat messages are flagged like replies: once per user, auto-hidden at the threshold (author notified about the session), in the queue, resolved both ways', async () => {
    const host = await registerUser(t, 'flag-host');
    await makeVerifiedExpert(t, host.id);
    const session = await schedule(t, host.accessToken, topic);
    await t.gqlOk(`mutation($id: ID!) { startLiveSession(id: $id) { id } }`, { id: session.id }, host.accessToken);
    const send = async (body: string) =>
      (await t.gqlOk(`mutation($s: ID!, $b: String!) { sendLiveMessage(sessionId: $s, body: $b) { id } }`, { s: session.id, b: body }, author.accessToken)).sendLiveMessage.id as string;
    const chatOf = async (token: string) =>
      (await t.gqlOk(`query($id: ID!) { liveSession(id: $id) { messages(last: 200) { id hidden } } }`, { id: session.id }, token)).liveSession.messages;
    const sessionNotes = async () =>
      (await t.gqlOk(`query { notifications(first: 50) { edges { node { type session { id } thread { id } } } } }`, {}, author.accessToken)).notifications.edges
        .map((e: any) => e.node)
        .filter((n: any) => n.session);
    const watcher = await sockets.connect(flaggers[3].accessToken);
    expect((await watcher.call('subscribe', { room: `session:${session.id}` })).ok).toBe(true);

    const spam = await send('Cheap zzliveflag mercury, DM me.');
    expect((await flag(flaggers[0], 'LIVE_MESSAGE', spam)).data.flagContent).toMatchObject({ targetType: 'LIVE_MESSAGE', targetId: spam, flagCount: 1, status: 'OPEN' });
    expect(errorCode(await flag(flaggers[0], 'LIVE_MESSAGE', spam, 'OFFENSIVE'))).toBe('CONFLICT');
    expect((await flag(flaggers[1], 'LIVE_MESSAGE', spam)).data.flagContent.flagCount).toBe(2);
    expect((await chatOf(flaggers[3].accessToken)).map((m: any) => m.id)).toContain(spam);
    expect(await sessionNotes()).toEqual([]);

    // The third distinct user hides it at once: gone from the chat of members, the room told, the author notified.
    expect((await flag(flaggers[2], 'LIVE_MESSAGE', spam)).data.flagContent.flagCount).toBe(3);
    expect((await chatOf(flaggers[3].accessToken)).map((m: any) => m.id)).not.toContain(spam);
    expect((await chatOf(moderator.accessToken)).find((m: any) => m.id === spam)).toEqual({ id: spam, hidden: true });
    await watcher.until(() => watcher.events.some((e) => e.type === 'live.message.hidden'), 'live.message.hidden');
    expect(watcher.events.find((e) => e.type === 'live.message.hidden')!.data).toEqual({ messageId: spam, sessionId: session.id });
    expect(await sessionNotes()).toEqual([{ type: 'MODERATION', session: { id: session.id }, thread: null }]);
    expect((await t.gqlOk(LOG, { targetId: spam }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node)).toEqual([{ action: 'AUTO_HIDE', actor: null }]);
    // Hidden, it no longer exists for a fourth member.
    expect(errorCode(await flag(flaggers[3], 'LIVE_MESSAGE', spam))).toBe('NOT_FOUND');

    // The queue shows the message as a moderator sees it.
    const LIVE_QUEUE = `query { moderationQueue(first: 100) { edges { node { id targetId targetType flagCount liveMessage { id body hidden } post { id } thread { id } } } } }`;
    const node = (await t.gqlOk(LIVE_QUEUE, {}, moderator.accessToken)).moderationQueue.edges.map((e: any) => e.node).find((n: any) => n.targetId === spam);
    expect(node).toMatchObject({ targetType: 'LIVE_MESSAGE', flagCount: 3, liveMessage: { id: spam, body: 'Cheap zzliveflag mercury, DM me.', hidden: true }, post: null, thread: null });

    // Rejecting shows it again (only flags hid it): back in the chat, and in the room with its text.
    expect((await t.gqlOk(RESOLVE, { id: node.id, uphold: false }, moderator.accessToken)).resolveFlag).toMatchObject({ status: 'REJECTED', flagCount: 3 });
    expect((await chatOf(flaggers[3].accessToken)).map((m: any) => m.id)).toContain(spam);
    await watcher.until(() => watcher.events.some((e) => e.type === 'live.message.unhidden'), 'live.message.unhidden');
    expect(watcher.events.find((e) => e.type === 'live.message.unhidden')!.data).toMatchObject({ messageId: spam, body: 'Cheap zzliveflag mercury, DM me.' });

    // Upholding a single flag hides another message and notifies its author again.
    const rude = await send('Something rude.');
    const f = (await flag(flaggers[0], 'LIVE_MESSAGE', rude)).data.flagContent.id;
    expect((await t.gqlOk(RESOLVE, { id: f, uphold: true }, moderator.accessToken)).resolveFlag).toMatchObject({ status: 'UPHELD', flagCount: 1 });
    expect((await chatOf(flaggers[3].accessToken)).map((m: any) => m.id)).not.toContain(rude);
    expect(await sessionNotes()).toHaveLength(2);
    expect((await t.gqlOk(LOG, { targetId: rude }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node.action)).toEqual(['UPHOLD_FLAGS']);

    // A message of a session the flagger may not see does not exist for them.
    const secret = await schedule(t, admin, topic, { visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    await t.gqlOk(`mutation($id: ID!) { startLiveSession(id: $id) { id } }`, { id: secret.id }, admin);
    const hiddenFromThem = (await t.gqlOk(`mutation($s: ID!) { sendLiveMessage(sessionId: $s, body: "inside") { id } }`, { s: secret.id }, admin)).sendLiveMessage.id;
    expect(errorCode(await flag(flaggers[1], 'LIVE_MESSAGE', hiddenFromThem))).toBe('NOT_FOUND');
  });
});

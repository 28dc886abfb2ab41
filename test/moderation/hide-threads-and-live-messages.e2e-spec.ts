import { makeVerifiedExpert, schedule } from '../live-sessions/live.fixtures';
import { createThread, errorCode, reply, setRole, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const HIDE_THREAD = `mutation($id: ID!, $reason: String!) { hideThread(id: $id, reason: $reason) { id hidden } }`;
const UNHIDE_THREAD = `mutation($id: ID!) { unhideThread(id: $id) { id hidden } }`;
const HIDE_MESSAGE = `mutation($id: ID!, $reason: String!) { hideLiveMessage(id: $id, reason: $reason) { id hidden body } }`;
const UNHIDE_MESSAGE = `mutation($id: ID!) { unhideLiveMessage(id: $id) { id hidden body } }`;
const THREAD = `query($id: ID!) { thread(id: $id) { id hidden } }`;
const NODE = `query($id: ID!) { node(id: $id) { id ... on LiveMessage { hidden } ... on Thread { hidden } } }`;
const THREADS = `query($topicId: ID!) { threads(filter: { topicId: $topicId }, first: 100) { totalCount edges { node { id } } } }`;
const TOPIC = `query($slug: String!) { topic(slug: $slug) { threadCount } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 50) { totalCount edges { node { thread { id } } } } }`;
const NOTIFICATIONS = `query { notifications(first: 50) { edges { node { type thread { id } } } } }`;
const LOG = `query($targetId: ID) { moderationLog(targetId: $targetId) { edges { node { action targetType targetId reason actor { id } } } } }`;
const FLAG = `mutation($input: FlagContentInput!) { flagContent(input: $input) { id flagCount } }`;
const START = `mutation($id: ID!) { startLiveSession(id: $id) { id } }`;
const SEND = `mutation($s: ID!, $b: String!, $key: String) { sendLiveMessage(sessionId: $s, body: $b, idempotencyKey: $key) { id seq } }`;
const CHAT = `query($id: ID!) { liveSession(id: $id) { messages(last: 200) { id body hidden } } }`;

/** hideThread / unhideThread and hideLiveMessage / unhideLiveMessage: hidden content reaches MODERATOR and ADMIN only, everywhere. */
describe('moderation: hiding threads and live chat messages (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let moderator: TestUser;
  let author: TestUser;
  let member: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    moderator = await registerUser(t, 'hide-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    author = await registerUser(t, 'hide-author');
    member = await registerUser(t, 'hide-member');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  const log = async (targetId: string) => (await t.gqlOk(LOG, { targetId }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node);
  const threadCount = async (token: string) => (await t.gqlOk(TOPIC, { slug: 'retorts' }, token)).topic.threadCount as number;
  const listed = async (token: string) => (await t.gqlOk(THREADS, { topicId: topic }, token)).threads;

  describe('threads', () => {
    it('hideThread: members lose the thread at once everywhere (thread, node, lists and counts, search, notifications, its room); staff see hidden: true; unhideThread brings it back; both logged', async () => {
      const thread = await createThread(t, author.accessToken, { topicId: topic, title: 'Retorts and zzhidethread vapour', body: 'How to use a zzhidethread retort?' });
      await reply(t, member.accessToken, { threadId: thread.id, body: 'Use a zzhidethread hood.' });
      const room = `thread:${thread.id}`;
      const memberSocket = await sockets.connect(member.accessToken);
      const staffSocket = await sockets.connect(moderator.accessToken);
      expect((await memberSocket.call('subscribe', { room })).ok).toBe(true);
      expect((await staffSocket.call('subscribe', { room })).ok).toBe(true);
      const before = { member: await threadCount(member.accessToken), staff: await threadCount(moderator.accessToken), listed: (await listed(member.accessToken)).totalCount };
      expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.map((e: any) => e.node)).toContainEqual({ type: 'REPLY', thread: { id: thread.id } });

      expect((await t.gqlOk(HIDE_THREAD, { id: thread.id, reason: 'off-topic spam' }, moderator.accessToken)).hideThread).toEqual({ id: thread.id, hidden: true });

      // The member's socket leaves the room at once; subscribing again is NOT_FOUND.
      await memberSocket.until(() => memberSocket.unsubscribed.length > 0, 'unsubscribed');
      expect(memberSocket.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
      expect(await memberSocket.call('subscribe', { room })).toMatchObject({ ok: false, error: 'NOT_FOUND' });
      // Staff stay and hear it.
      await staffSocket.until(() => staffSocket.events.some((e) => e.room === room && e.type === 'thread.updated'), 'thread.updated');
      expect(staffSocket.events.find((e) => e.room === room && e.type === 'thread.updated')!.data).toEqual({ threadId: thread.id, hidden: true, fields: ['hidden'] });
      expect(memberSocket.events.filter((e) => e.room === room)).toEqual([]);

      // Everywhere else, for members (the author included) it does not exist.
      for (const who of [member, author]) {
        expect((await t.gqlOk(THREAD, { id: thread.id }, who.accessToken)).thread).toBeNull();
        expect((await t.gqlOk(NODE, { id: thread.id }, who.accessToken)).node).toBeNull();
      }
      expect((await t.gqlOk(THREAD, { id: thread.id })).thread).toBeNull();
      const members = await listed(member.accessToken);
      expect(members.totalCount).toBe(before.listed - 1);
      expect(members.edges.map((e: any) => e.node.id)).not.toContain(thread.id);
      // Topic.threadCount is what each viewer may see: one fewer for members, the same for staff.
      expect(await threadCount(member.accessToken)).toBe(before.member - 1);
      expect(await threadCount(moderator.accessToken)).toBe(before.staff);
      expect((await t.gqlOk(SEARCH, { q: 'zzhidethread' }, member.accessToken)).search.totalCount).toBe(0);
      expect((await t.gqlOk(SEARCH, { q: 'zzhidethread' }, moderator.accessToken)).search.totalCount).toBeGreaterThan(0);
      expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.map((e: any) => e.node)).not.toContainEqual({ type: 'REPLY', thread: { id: thread.id } });
      expect(errorCode(await t.gql(`mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId: thread.id, body: 'late' } }, member.accessToken))).toBe('NOT_FOUND');
      // Staff see it, marked hidden.
      expect((await t.gqlOk(THREAD, { id: thread.id }, moderator.accessToken)).thread).toEqual({ id: thread.id, hidden: true });
      expect((await listed(moderator.accessToken)).edges.map((e: any) => e.node.id)).toContain(thread.id);

      // Hiding it again changes nothing and is not logged.
      await t.gqlOk(HIDE_THREAD, { id: thread.id, reason: 'again' }, moderator.accessToken);
      expect((await t.gqlOk(UNHIDE_THREAD, { id: thread.id }, admin)).unhideThread).toEqual({ id: thread.id, hidden: false });
      expect((await t.gqlOk(THREAD, { id: thread.id }, member.accessToken)).thread).toEqual({ id: thread.id, hidden: false });
      expect(await threadCount(member.accessToken)).toBe(before.member);
      expect((await listed(member.accessToken)).totalCount).toBe(before.listed);
      expect((await t.gqlOk(SEARCH, { q: 'zzhidethread' }, member.accessToken)).search.totalCount).toBeGreaterThan(0);
      expect((await t.gqlOk(NOTIFICATIONS, {}, author.accessToken)).notifications.edges.map((e: any) => e.node)).toContainEqual({ type: 'REPLY', thread: { id: thread.id } });
      expect((await memberSocket.call('subscribe', { room })).ok).toBe(true);

      const adminId = (await t.gqlOk('{ me { id } }', {}, admin)).me.id;
      expect(await log(thread.id)).toEqual([
        { action: 'UNHIDE_THREAD', targetType: 'THREAD', targetId: thread.id, reason: null, actor: { id: adminId } },
        { action: 'HIDE_THREAD', targetType: 'THREAD', targetId: thread.id, reason: 'off-topic spam', actor: { id: moderator.id } },
      ]);
    });

    it('unhideThread shows a thread flags hid; a thread a moderator hid stays hidden when its flags are rejected', async () => {
      const flaggers = [];
      for (let i = 0; i < 3; i++) flaggers.push(await registerUser(t, `hide-flagger${i}`));
      const byFlags = await createThread(t, author.accessToken, { topicId: topic });
      for (const f of flaggers) await t.gqlOk(FLAG, { input: { targetType: 'THREAD', targetId: byFlags.id, reason: 'SPAM' } }, f.accessToken);
      expect((await t.gqlOk(THREAD, { id: byFlags.id }, member.accessToken)).thread).toBeNull();
      await t.gqlOk(UNHIDE_THREAD, { id: byFlags.id }, moderator.accessToken);
      expect((await t.gqlOk(THREAD, { id: byFlags.id }, member.accessToken)).thread).toEqual({ id: byFlags.id, hidden: false });
      expect((await log(byFlags.id)).map((e: any) => e.action)).toEqual(['UNHIDE_THREAD', 'AUTO_HIDE']);

      const byModerator = await createThread(t, author.accessToken, { topicId: topic });
      const flagId = (await t.gqlOk(FLAG, { input: { targetType: 'THREAD', targetId: byModerator.id, reason: 'SPAM' } }, flaggers[0].accessToken)).flagContent.id;
      await t.gqlOk(HIDE_THREAD, { id: byModerator.id, reason: 'rude' }, moderator.accessToken);
      await t.gqlOk(`mutation($id: ID!) { resolveFlag(flagId: $id, uphold: false) { id } }`, { id: flagId }, moderator.accessToken);
      expect((await t.gqlOk(THREAD, { id: byModerator.id }, member.accessToken)).thread).toBeNull();
    });

    it('only MODERATOR and ADMIN hide threads; a reason is required; an unknown thread is NOT_FOUND', async () => {
      const thread = await createThread(t, author.accessToken, { topicId: topic });
      expect(errorCode(await t.gql(HIDE_THREAD, { id: thread.id, reason: 'mine' }, author.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(UNHIDE_THREAD, { id: thread.id }, member.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(HIDE_THREAD, { id: thread.id, reason: 'x' }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql(HIDE_THREAD, { id: thread.id, reason: '  ' }, moderator.accessToken))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(HIDE_THREAD, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, moderator.accessToken))).toBe('NOT_FOUND');
      expect(errorCode(await t.gql(HIDE_THREAD, { id: 'not-a-uuid', reason: 'x' }, moderator.accessToken))).toMatch(/^(NOT_FOUND|BAD_USER_INPUT)$/);
      expect(await log(thread.id)).toEqual([]);
    });
  });

  describe('live chat messages', () => {
    let host: TestUser;
    let sender: TestUser;

    beforeAll(async () => {
      host = await registerUser(t, 'hide-host');
      await makeVerifiedExpert(t, host.id);
      sender = await registerUser(t, 'hide-sender');
    });

    const liveSession = async () => {
      const s = await schedule(t, host.accessToken, topic);
      await t.gqlOk(START, { id: s.id }, host.accessToken);
      return s;
    };
    const send = async (sessionId: string, body: string, key?: string) => (await t.gqlOk(SEND, { s: sessionId, b: body, key }, sender.accessToken)).sendLiveMessage;
    const chat = async (sessionId: string, token: string) => (await t.gqlOk(CHAT, { id: sessionId }, token)).liveSession.messages;

    it('a host hides a message of their session: the room removes it, member history, node(id) and replay lack it, staff see hidden: true; a moderator shows it again to everyone; both logged', async () => {
      const s = await liveSession();
      const room = `session:${s.id}`;
      const fine = await send(s.id, 'A fine question about retorts.');
      const bad = await send(s.id, 'Buy zzlivespam pills at example dot com.');
      const memberSocket = await sockets.connect(member.accessToken);
      expect((await memberSocket.call('subscribe', { room })).ok).toBe(true);

      expect((await t.gqlOk(HIDE_MESSAGE, { id: bad.id, reason: 'spam' }, host.accessToken)).hideLiveMessage).toMatchObject({ id: bad.id, hidden: true });

      await memberSocket.until(() => memberSocket.events.some((e) => e.type === 'live.message.hidden'), 'live.message.hidden');
      expect(memberSocket.events.find((e) => e.type === 'live.message.hidden')!.data).toEqual({ messageId: bad.id, sessionId: s.id });
      expect((await chat(s.id, member.accessToken)).map((m: any) => m.id)).toEqual([fine.id]);
      expect((await chat(s.id, sender.accessToken)).map((m: any) => m.id)).toEqual([fine.id]);
      expect((await chat(s.id, host.accessToken)).map((m: any) => m.id)).toEqual([fine.id]);
      expect((await chat(s.id, moderator.accessToken)).find((m: any) => m.id === bad.id)).toMatchObject({ hidden: true, body: expect.stringContaining('zzlivespam') });
      expect((await t.gqlOk(NODE, { id: bad.id }, member.accessToken)).node).toBeNull();
      expect((await t.gqlOk(NODE, { id: bad.id }, moderator.accessToken)).node).toEqual({ id: bad.id, hidden: true });

      // Replay from storage: the hidden message keeps its place (a tombstone at its seq), never its text.
      const replay = await sockets.connect(member.accessToken);
      const replayAck = await replay.call('subscribe', { room, lastSeq: 0 });
      expect(replayAck).toMatchObject({ ok: true });
      await replay.until(() => replay.events.filter((e) => e.room === room && e.seq !== null).length === replayAck.seq, 'the replay');
      expect(JSON.stringify(replay.events)).not.toContain('zzlivespam');
      expect(replay.events.find((e) => e.seq === bad.seq)).toMatchObject({ type: 'live.message.hidden', data: { messageId: bad.id, sessionId: s.id } });
      expect(replay.events.some((e) => e.type === 'live.message' && e.data.messageId === bad.id)).toBe(false);
      expect(replay.events.find((e) => e.type === 'live.message' && e.data.messageId === fine.id)!.data.body).toBe('A fine question about retorts.');

      // A host may not show it again (nor find it: hidden messages are for staff).
      expect(errorCode(await t.gql(UNHIDE_MESSAGE, { id: bad.id }, host.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: bad.id, reason: 'again' }, host.accessToken))).toBe('NOT_FOUND');

      expect((await t.gqlOk(UNHIDE_MESSAGE, { id: bad.id }, moderator.accessToken)).unhideLiveMessage).toMatchObject({ id: bad.id, hidden: false });
      await memberSocket.until(() => memberSocket.events.some((e) => e.type === 'live.message.unhidden'), 'live.message.unhidden');
      expect(memberSocket.events.find((e) => e.type === 'live.message.unhidden')!.data).toMatchObject({
        messageId: bad.id,
        sessionId: s.id,
        messageSeq: bad.seq,
        author: { id: sender.id },
        body: 'Buy zzlivespam pills at example dot com.',
        bodyHtml: expect.stringContaining('zzlivespam'),
      });
      expect((await chat(s.id, member.accessToken)).map((m: any) => m.id)).toEqual([fine.id, bad.id]);
      // Unhiding again changes nothing and is not logged.
      await t.gqlOk(UNHIDE_MESSAGE, { id: bad.id }, moderator.accessToken);
      expect(await log(bad.id)).toEqual([
        { action: 'UNHIDE_LIVE_MESSAGE', targetType: 'LIVE_MESSAGE', targetId: bad.id, reason: null, actor: { id: moderator.id } },
        { action: 'HIDE_LIVE_MESSAGE', targetType: 'LIVE_MESSAGE', targetId: bad.id, reason: 'spam', actor: { id: host.id } },
      ]);
    });

    it('a replay from before a hidden message gets a live.message.hidden tombstone at its seq and nothing of its author or text; shown again, live sockets get it whole with its author; hidden again, replays lose that too', async () => {
      const spammer = await registerUser(t, 'hide-spammer');
      const s = await liveSession();
      const room = `session:${s.id}`;
      const watcher = await sockets.connect(member.accessToken);
      const start = (await watcher.call('subscribe', { room })).seq as number;
      const fine = await send(s.id, 'A fine remark about hoods.');
      const bad = (await t.gqlOk(SEND, { s: s.id, b: 'Visit zzliveauthor dot example for deals.' }, spammer.accessToken)).sendLiveMessage;
      const after = await send(s.id, 'Another fine remark.');
      await watcher.until(() => watcher.events.some((e) => e.type === 'live.message' && e.data.messageId === after.id), 'the three messages');
      expect(watcher.events.find((e) => e.seq === bad.seq)).toMatchObject({ type: 'live.message', data: { author: { id: spammer.id } } });

      await t.gqlOk(HIDE_MESSAGE, { id: bad.id, reason: 'spam' }, moderator.accessToken);
      const replayFrom = async (token: string | null) => {
        const r = await sockets.connect(token);
        const ack = await r.call('subscribe', { room, lastSeq: start });
        expect(ack).toMatchObject({ ok: true });
        await r.until(() => r.events.filter((e) => e.room === room && e.seq !== null).length === ack.seq - start, 'the replay');
        return r.events.filter((e) => e.room === room && e.seq !== null);
      };
      const noTrace = (events: object[]) => {
        const all = JSON.stringify(events);
        for (const trace of ['zzliveauthor', spammer.id, spammer.handle]) expect([trace, all.includes(trace)]).toEqual([trace, false]);
      };
      for (const token of [member.accessToken, null]) {
        const replayed = await replayFrom(token);
        noTrace(replayed);
        // the tombstone keeps the message's slot in the chat; the messages around it are intact
        expect(replayed.map((e) => [e.seq, e.type, e.data.messageId])).toEqual([
          [fine.seq, 'live.message', fine.id],
          [bad.seq, 'live.message.hidden', bad.id],
          [after.seq, 'live.message', after.id],
          [after.seq + 1, 'live.message.hidden', bad.id],
        ]);
        expect(replayed[1].data).toEqual({ messageId: bad.id, sessionId: s.id });
      }

      // Shown again: a live socket gets the whole message with its author; the stored tombstone stays.
      await t.gqlOk(UNHIDE_MESSAGE, { id: bad.id }, moderator.accessToken);
      await watcher.until(() => watcher.events.some((e) => e.type === 'live.message.unhidden'), 'live.message.unhidden');
      expect(watcher.events.find((e) => e.type === 'live.message.unhidden')!.data).toEqual({
        messageId: bad.id,
        sessionId: s.id,
        messageSeq: bad.seq,
        author: { id: spammer.id, handle: spammer.handle, displayName: expect.any(String) },
        body: 'Visit zzliveauthor dot example for deals.',
        bodyHtml: expect.stringContaining('zzliveauthor'),
        createdAt: expect.any(String),
      });
      const shown = await replayFrom(member.accessToken);
      expect(shown.find((e) => e.seq === bad.seq)!.type).toBe('live.message.hidden');
      expect(shown.filter((e) => e.type === 'live.message.unhidden').map((e) => e.data.author.id)).toEqual([spammer.id]);

      // Hidden again: the stored live.message.unhidden becomes a tombstone too.
      await t.gqlOk(HIDE_MESSAGE, { id: bad.id, reason: 'spam again' }, moderator.accessToken);
      for (const token of [member.accessToken, null]) noTrace(await replayFrom(token));
    });

    it('who may hide: hosts of that session, MODERATOR and ADMIN; a reason is required; what the viewer may not see is NOT_FOUND; a hidden message is NOT_FOUND for its author\'s retry', async () => {
      const s = await liveSession();
      const m = await send(s.id, 'Hello everyone.', 'retry-key-1');
      const otherHost = await registerUser(t, 'hide-other-host');
      await makeVerifiedExpert(t, otherHost.id);
      await schedule(t, otherHost.accessToken, topic); // a host of another session
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: m.id, reason: 'no' }, member.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: m.id, reason: 'no' }, otherHost.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: m.id, reason: 'no' }))).toBe('UNAUTHENTICATED');
      expect(errorCode(await t.gql(UNHIDE_MESSAGE, { id: m.id }, member.accessToken))).toBe('FORBIDDEN');
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: m.id, reason: ' ' }, moderator.accessToken))).toBe('BAD_USER_INPUT');
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: '00000000-0000-4000-8000-000000000000', reason: 'x' }, moderator.accessToken))).toBe('NOT_FOUND');
      const secret = await schedule(t, admin, topic, { visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
      await t.gqlOk(START, { id: secret.id }, admin);
      const inside = (await t.gqlOk(SEND, { s: secret.id, b: 'inside' }, admin)).sendLiveMessage;
      expect(errorCode(await t.gql(HIDE_MESSAGE, { id: inside.id, reason: 'x' }, host.accessToken))).toBe('NOT_FOUND');
      expect(await log(m.id)).toEqual([]);

      expect((await t.gqlOk(HIDE_MESSAGE, { id: m.id, reason: 'rude' }, admin)).hideLiveMessage.hidden).toBe(true);
      // The author retrying the send with the same key does not get the hidden message back.
      expect(errorCode(await t.gql(SEND, { s: s.id, b: 'Hello everyone.', key: 'retry-key-1' }, sender.accessToken))).toBe('NOT_FOUND');
    });
  });
});

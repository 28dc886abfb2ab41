import { createThread, reply, topicId } from '../support/forum';
import { DECIDE_MEMBERSHIP } from '../support/documents';
import { adminToken, joinSector } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { oneRoomManySockets } from './one-room-many-sockets';

describe('realtime: forum rooms (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);
  const connect = sockets.connect;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '1' }));
    admin = await adminToken(t);
    alice = await registerUser(t, 'rtf-alice');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('lets anyone join a PUBLIC thread room; a SECTORS thread only for its sectors and staff (others: NOT_FOUND)', async () => {
    const open = await createThread(t, alice.accessToken, { topicId: topic });
    const restricted = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const anonymous = await connect();
    expect(await anonymous.call('subscribe', { room: `thread:${open.id}` })).toEqual({ ok: true, seq: 0 });
    expect(await anonymous.call('subscribe', { room: `thread:${restricted.id}` })).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(await anonymous.call('subscribe', { room: 'thread:00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, error: 'NOT_FOUND' });

    const member = await connect(alice.accessToken);
    expect(await member.call('subscribe', { room: `thread:${restricted.id}` })).toEqual({ ok: false, error: 'NOT_FOUND' });

    const official = await registerUser(t, 'rtf-gov');
    await joinSector(t, admin, official, 'GOVERNMENT');
    const insider = await connect(official.accessToken);
    expect(await insider.call('subscribe', { room: `thread:${restricted.id}` })).toEqual({ ok: true, seq: 0 });
    const staff = await connect(admin);
    expect(await staff.call('subscribe', { room: `thread:${restricted.id}` })).toEqual({ ok: true, seq: 0 });
  });

  it('pushes post.created to the thread room after a reply through GraphQL; typing reaches the others only', async () => {
    const bob = await registerUser(t, 'rtf-bob');
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    const room = `thread:${thread.id}`;
    const watcher = await connect();
    const typist = await connect(bob.accessToken);
    expect(await watcher.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    expect(await typist.call('typing', { room })).toEqual({ ok: false, error: 'NOT_FOUND' }); // not subscribed yet
    expect(await typist.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });

    const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Gravity first, then a retort.' });
    await watcher.until(() => watcher.events.length === 1, 'post.created');
    expect(watcher.events[0]).toMatchObject({ room, seq: 1, type: 'post.created', data: { postId: post.id, threadId: thread.id } });

    expect(await typist.call('typing', { room })).toEqual({ ok: true });
    await watcher.until(() => watcher.typing.length === 1, 'typing');
    // Ephemeral: in the `event` envelope, with seq null (CONTRACT).
    expect(watcher.typing[0]).toEqual({ room, seq: null, type: 'typing', data: { room, user: { id: bob.id, handle: bob.handle, displayName: `Test ${bob.handle}` } }, at: expect.any(String) });
    expect(new Date(watcher.typing[0].at).toISOString()).toBe(watcher.typing[0].at);
    expect(watcher.events.map((e) => [e.type, e.seq])).toEqual([
      ['post.created', 1],
      ['typing', null],
    ]);
    // the typist got the reply but not its own typing (a round trip later, it would be here)
    await typist.call('unsubscribe', { room: 'noop' });
    expect(typist.events.map((e) => e.type)).toEqual(['post.created']);
    expect(typist.typing).toEqual([]);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM room_events WHERE type = 'typing'`)).toEqual([{ n: 0 }]);
  });

  it('without SMTP_URL, notification emails are logged (and recorded as such), not dropped', async () => {
    const bob = await registerUser(t, 'rtf-mail');
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    await reply(t, bob.accessToken, { threadId: thread.id });
    const row = async () =>
      (await t.db.query<{ type: string; email_state: string }>('SELECT type, email_state FROM notifications WHERE thread_id = $1 AND recipient_id = $2', [thread.id, alice.id]))[0];
    // The email goes out after commit, asynchronously: wait until its row settles.
    for (let i = 0; i < 100 && (await row()).email_state !== 'LOGGED'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await row()).toEqual({ type: 'REPLY', email_state: 'LOGGED' });
  });

  it('after a disconnect, 100 replies later, replays exactly those 100 in order, once, then goes on live', async () => {
    const bob = await registerUser(t, 'rtf-many');
    const thread = await createThread(t, alice.accessToken, { topicId: topic });
    const room = `thread:${thread.id}`;
    const first = await connect();
    await first.call('subscribe', { room });
    await reply(t, bob.accessToken, { threadId: thread.id, body: 'reply 0' });
    await first.until(() => first.events.length === 1);
    const lastSeq = first.events[0].seq;
    first.close();

    const ids: string[] = [];
    for (let i = 1; i <= 100; i++) ids.push((await reply(t, bob.accessToken, { threadId: thread.id, body: `reply ${i}` })).id);

    const again = await connect();
    const ack = await again.call('subscribe', { room, lastSeq });
    expect(ack).toEqual({ ok: true, seq: lastSeq! + 100 });
    await again.until(() => again.events.length >= 100, '100 replayed events');
    expect(again.events.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => lastSeq! + 1 + i));
    expect(again.events.map((e) => e.data.postId)).toEqual(ids);
    expect(again.events.every((e) => e.type === 'post.created' && e.room === room)).toBe(true);

    const live = await reply(t, bob.accessToken, { threadId: thread.id, body: 'live one' });
    await again.until(() => again.events.length === 101, 'the live event');
    expect(again.events[100]).toMatchObject({ seq: lastSeq! + 101, data: { postId: live.id } });
  });

  it('one room, many sockets: while events stream in, sockets starting at the head, replaying from 0 or from the middle, and re-subscribing with lastSeq each get every event once, in order', () =>
    oneRoomManySockets(t, connect, alice, topic));

  it('removes a socket from a SECTORS thread room within seconds once its membership ends', async () => {
    const official = await registerUser(t, 'rtf-leave');
    const membership = await joinSector(t, admin, official, 'GOVERNMENT');
    const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const room = `thread:${thread.id}`;
    const s = await connect(official.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });

    await t.gqlOk(DECIDE_MEMBERSHIP, { id: membership.membershipId, approve: false }, admin);
    await s.until(() => s.unsubscribed.length === 1, 'unsubscribed');
    expect(s.unsubscribed[0]).toEqual({ room, error: 'NOT_FOUND' });
    expect(s.socket.connected).toBe(true);

    // Nothing more from that room reaches it.
    await reply(t, admin, { threadId: thread.id, body: 'for governments only' });
    expect(await s.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(s.events.filter((e) => e.room === room)).toEqual([]);
  });
});

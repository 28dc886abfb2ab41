import { createThread, reply, topicId } from '../support/forum';
import { DECIDE_MEMBERSHIP } from '../support/documents';
import { describeWithRedis, sharedRedisEnv, startTwoInstances } from '../support/instances';
import { metric } from '../support/metrics';
import { adminToken, joinSector } from '../support/orgs';
import { range, socketPool, TestSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { makeVerifiedExpert, MESSAGES, schedule, SEND, START } from '../live-sessions/live.fixtures';
import { oneRoomManySockets } from './one-room-many-sockets';

/**
 * Rooms broadcast in chunks (REALTIME_BROADCAST_CHUNK=2, REALTIME_BROADCAST_TURN_MS=0): a room of
 * more than 2 caught-up sockets gets each event 2 sockets at a time, one chunk per event-loop turn,
 * as a live session of 1,000 does with chunks of 500, so that joins, leaves and access changes
 * happen while broadcasts are still going out. Every guarantee of unchunked rooms holds: each
 * socket gets every event once, in order, across joins, replays, leaves, access removal and
 * instances.
 */
const CHUNKED = { REALTIME_BROADCAST_CHUNK: '2', REALTIME_BROADCAST_TURN_MS: '0' };
const DEFERRED = 'asgm_realtime_broadcast_deferred_chunks_total';
const seqsOf = (s: TestSocket, room: string, type?: string) => s.events.filter((e) => e.room === room && e.seq !== null && (!type || e.type === type)).map((e) => e.seq!);

describe('realtime: rooms broadcast in chunks of 2 sockets (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);
  const connect = sockets.connect;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '1', ...CHUNKED }));
    admin = await adminToken(t);
    alice = await registerUser(t, 'chk-alice');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('one room, many sockets, in chunks: heads, replays from 0 and the middle, a live re-subscribe and a leaver each get every event once, in order', async () => {
    const before = await metric(t, DEFERRED);
    await oneRoomManySockets(t, connect, alice, topic);
    // the room really went out in chunks, most of them in later turns
    expect(await metric(t, DEFERRED)).toBeGreaterThan(before + 200);
  });

  it('a live session chat in chunks: host over the socket and a participant over HTTP at once; the host, six other sockets and a late joiner each get every message once, in order; typing still reaches the others', async () => {
    const host = await registerUser(t, 'chk-host');
    await makeVerifiedExpert(t, host.id);
    const s = await schedule(t, host.accessToken, topic);
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    const room = `session:${s.id}`;
    const users = await Promise.all(range(1, 5).map((i) => registerUser(t, `chk-p${i}`)));
    const hostSock = await connect(host.accessToken);
    const watchers = [...(await Promise.all(users.map((u) => connect(u.accessToken)))), await connect()];
    for (const w of [hostSock, ...watchers]) expect(await w.call('subscribe', { room })).toMatchObject({ ok: true });

    const before = await metric(t, DEFERRED);
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) {
      sends.push(hostSock.call('live:message', { sessionId: s.id, body: `from the host ${i}` }));
      sends.push(t.gqlOk(SEND, { s: s.id, body: `from a participant ${i}` }, users[0].accessToken));
      if (i === 10) {
        const late = await connect(users[1].accessToken);
        sends.push(late.call('subscribe', { room, lastSeq: 0 }));
        watchers.push(late);
        sends.push(watchers[2].call('typing', { room }));
      }
    }
    const acks = await Promise.all(sends);
    expect(acks.filter((a: any) => a?.ok === false)).toEqual([]);

    const stored = (await t.gqlOk<any>(MESSAGES, { id: s.id, last: 100 }, users[2].accessToken)).liveSession.messages.map((m: any) => m.seq);
    // seq 1 is the session's start (live.status)
    expect(stored).toEqual(range(2, 41));
    for (const w of [hostSock, ...watchers]) {
      await w.until(() => seqsOf(w, room, 'live.message').length >= 40, '40 messages');
      // a round trip after the last one: a chunk still pending would go out before the answer (one queue, in order)
      await w.call('unsubscribe', { room: 'noop' });
      expect(seqsOf(w, room, 'live.message')).toEqual(stored);
    }
    // typing (ephemeral, not chunked) still reaches every other socket in the room when it was sent (the late joiner may not have been), the typist not
    const typist = watchers[2];
    const joinedLate = watchers[watchers.length - 1];
    for (const w of [hostSock, ...watchers].filter((w) => w !== typist && w !== joinedLate)) await w.until(() => w.typing.length === 1, 'typing');
    await typist.call('unsubscribe', { room: 'noop' });
    expect(typist.typing).toEqual([]);
    expect(await metric(t, DEFERRED)).toBeGreaterThan(before);
  });

  it('access removed while chunks are pending: the socket gets a gapless prefix, `unsubscribed`, and nothing of the room after it; the others get everything', async () => {
    const officials = await Promise.all(range(1, 4).map((i) => registerUser(t, `chk-gov${i}`)));
    const memberships = await Promise.all(officials.map((o) => joinSector(t, admin, o, 'GOVERNMENT')));
    const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const room = `thread:${thread.id}`;
    const socks = await Promise.all(officials.map((o) => connect(o.accessToken)));
    for (const s of socks) expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    const removed = socks[0];
    let heldWhenUnsubscribed = -1;
    removed.socket.on('unsubscribed', () => (heldWhenUnsubscribed = seqsOf(removed, room).length));

    // 15 replies at once; the membership ends once 10 of them are stored, while the room's broadcasts
    // are still going out; 15 more replies once the socket has been told
    const post = (i: number) => reply(t, admin, { threadId: thread.id, body: `Reply ${i} for governments` });
    let stored = 0;
    let revoked!: Promise<unknown>;
    await Promise.all(
      range(0, 14).map(async (i) => {
        await post(i);
        if (++stored === 10) revoked = t.gqlOk(DECIDE_MEMBERSHIP, { id: memberships[0].membershipId, approve: false }, admin);
      }),
    );
    await revoked;
    await removed.until(() => removed.unsubscribed.length === 1, 'unsubscribed');
    expect(removed.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
    await Promise.all(range(15, 29).map(post));

    const [{ last }] = await t.db.query<{ last: number }>(`SELECT last_seq::int AS last FROM room_sequences WHERE room = $1`, [room]);
    for (const s of socks.slice(1)) {
      await s.until(() => seqsOf(s, room).includes(last), `seq ${last}`);
      await s.call('unsubscribe', { room: 'noop' });
      expect(seqsOf(s, room)).toEqual(range(1, last));
    }
    await removed.call('unsubscribe', { room: 'noop' });
    const held = seqsOf(removed, room);
    expect(held).toEqual(range(1, held.length));
    expect(held.length).toBe(heldWhenUnsubscribed);
    // the 15 replies after it (one event each, the last 15 seqs) reached the others only
    expect(held.length).toBeLessThanOrEqual(last - 15);
    expect(removed.socket.connected).toBe(true);
  });
});

describeWithRedis('realtime: two instances, rooms broadcast in chunks of 2 (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets = socketPool();

  beforeAll(async () => {
    ({ a, b } = await startTwoInstances(sharedRedisEnv(CHUNKED)));
  });

  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
  });

  it('replies through both instances at once: five sockets on each get every event once, in order', async () => {
    const author = await registerUser(a, 'chk2-author');
    const repliers = [await registerUser(a, 'chk2-r1'), await registerUser(b, 'chk2-r2')];
    const thread = await createThread(a, author.accessToken, { topicId: await topicId(a) });
    const room = `thread:${thread.id}`;
    const onA = await Promise.all(range(1, 5).map(() => sockets.connectTo(a.baseUrl)));
    const onB = await Promise.all(range(1, 5).map(() => sockets.connectTo(b.baseUrl)));
    for (const s of [...onA, ...onB]) expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    const before = [await metric(a, DEFERRED), await metric(b, DEFERRED)];

    // two streams at once, one through each instance (40 replies at once to one thread would queue
    // on its row for longer than the pool's 5 s on a loaded machine: not what this test is about)
    await Promise.all([a, b].map(async (app, k) => {
      for (const i of range(0, 19)) await reply(app, repliers[k].accessToken, { threadId: thread.id, body: `via ${k ? 'B' : 'A'} #${i}` });
    }));

    const [{ last }] = await a.db.query<{ last: number }>(`SELECT last_seq::int AS last FROM room_sequences WHERE room = $1`, [room]);
    expect(last).toBeGreaterThanOrEqual(40);
    for (const s of [...onA, ...onB]) {
      await s.until(() => seqsOf(s, room).includes(last), `seq ${last}`);
      await s.call('unsubscribe', { room: 'noop' });
      expect(seqsOf(s, room)).toEqual(range(1, last));
    }
    expect(await metric(a, DEFERRED)).toBeGreaterThan(before[0]);
    expect(await metric(b, DEFERRED)).toBeGreaterThan(before[1]);
  });
});

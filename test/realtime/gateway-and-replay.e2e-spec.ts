import { sign } from 'jsonwebtoken';
import { DataSource, EntityManager } from 'typeorm';
import { rooms, RoomEventType } from '../../src/outbox/room-events';
import { RoomEventsService } from '../../src/outbox/room-events.service';
import { DomainEventBus } from '../../src/platform/events/domain-event-bus';
import { startTestApp, TEST_JWT_SECRET, TestApp } from '../support/test-app';
import { refusal, socketPool } from '../support/sockets';
import { registerUser } from '../support/users';

describe('realtime: gateway and durable room events (e2e)', () => {
  let t: TestApp;
  let roomEvents: RoomEventsService;
  let dataSource: DataSource;
  const sockets = socketPool(() => t.baseUrl);
  /** The outbox stores and delivers any type; these tests use one outside the room event map. */
  const appendTestEvent = (manager: EntityManager, room: string, data: { n: number | string }) =>
    roomEvents.append(manager, room, 'test.event' as RoomEventType, data as never);
  const connect = sockets.connect;

  beforeAll(async () => {
    t = await startTestApp({ REALTIME_RECHECK_SECONDS: '1' });
    roomEvents = t.app.get(RoomEventsService);
    dataSource = t.app.get(DataSource);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  describe('handshake', () => {
    it('accepts no token (anonymous) and a valid access token', async () => {
      const anonymous = await connect();
      expect(anonymous.socket.connected).toBe(true);
      const user = await registerUser(t, 'rt-hs');
      const signedIn = await connect(user.accessToken);
      expect(signedIn.socket.connected).toBe(true);
    });

    it('refuses forged, expired, wrong-audience, malformed and revoked tokens with UNAUTHENTICATED', async () => {
      const user = await registerUser(t, 'rt-bad');
      const claims = { sub: user.id, sid: '00000000-0000-4000-8000-000000000000', typ: 'access' };
      const base = { issuer: 'asgm-exchange', audience: 'asgm-exchange-api', algorithm: 'HS256' as const };
      const forged = sign(claims, 'another-secret-another-secret-another-secret', { ...base, expiresIn: 600 });
      const expired = sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, TEST_JWT_SECRET, base);
      const wrongAudience = sign(claims, TEST_JWT_SECRET, { ...base, audience: 'someone-else', expiresIn: 600 });
      expect(await refusal(t.baseUrl, { token: forged })).toBe('UNAUTHENTICATED');
      expect(await refusal(t.baseUrl, { token: expired })).toBe('UNAUTHENTICATED');
      expect(await refusal(t.baseUrl, { token: wrongAudience })).toBe('UNAUTHENTICATED');
      expect(await refusal(t.baseUrl, { token: 'not-a-jwt' })).toBe('UNAUTHENTICATED');
      expect(await refusal(t.baseUrl, { token: 42 })).toBe('UNAUTHENTICATED');

      await t.gqlOk('mutation($r: String!) { logout(refreshToken: $r) }', { r: user.refreshToken });
      expect(await refusal(t.baseUrl, { token: user.accessToken })).toBe('UNAUTHENTICATED');
    });

    it('refuses a suspended account with SUSPENDED', async () => {
      const user = await registerUser(t, 'rt-susp');
      await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [user.id]);
      expect(await refusal(t.baseUrl, { token: user.accessToken })).toBe('SUSPENDED');
    });
  });

  describe('subscribe', () => {
    it('answers NOT_FOUND for malformed rooms, unknown kinds and other users’ rooms; ok for one’s own user room', async () => {
      const me = await registerUser(t, 'rt-sub');
      const other = await registerUser(t, 'rt-oth');
      const s = await connect(me.accessToken);
      for (const room of ['nope', 'thread:not-a-uuid', `planet:${me.id}`, rooms.user(other.id), 42, null]) {
        expect(await s.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });
      }
      expect(await s.call('subscribe', null)).toEqual({ ok: false, error: 'NOT_FOUND' });
      expect(await s.call('subscribe', { room: rooms.user(me.id), lastSeq: -1 })).toEqual({ ok: false, error: 'BAD_USER_INPUT' });
      expect(await s.call('subscribe', { room: rooms.user(me.id) })).toEqual({ ok: true, seq: 0 });
      const anonymous = await connect();
      expect(await anonymous.call('subscribe', { room: rooms.user(me.id) })).toEqual({ ok: false, error: 'NOT_FOUND' });
    });

    it('answers every call, including unknown payloads and live:message (not yet available)', async () => {
      const s = await connect();
      expect(await s.call('unsubscribe', { room: 'whatever' })).toEqual({ ok: true });
      expect(await s.call('unsubscribe', undefined)).toEqual({ ok: true });
      expect(await s.call('typing', { room: 'thread:x' })).toEqual({ ok: false, error: 'UNAUTHENTICATED' });
      expect(await s.call('live:message', { sessionId: 'x', body: 'hi' })).toEqual({ ok: false, error: 'NOT_FOUND' });
    });
  });

  describe('delivery', () => {
    it('delivers an event only after its transaction commits, and never one that rolled back', async () => {
      const me = await registerUser(t, 'rt-tx');
      const s = await connect(me.accessToken);
      const room = rooms.user(me.id);
      expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });

      await dataSource.transaction(async (manager) => {
        await appendTestEvent(manager, room, { n: 1 });
        // A round trip through the same connection: anything emitted before it would be here by now.
        await s.call('unsubscribe', { room: 'noop' });
        expect(s.events).toEqual([]);
      });
      await s.until(() => s.events.length === 1, 'the committed event');
      expect(s.events[0]).toMatchObject({ room, seq: 1, type: 'test.event', data: { n: 1 } });
      expect(new Date(s.events[0].at).toISOString()).toBe(s.events[0].at);

      await expect(
        dataSource.transaction(async (manager) => {
          await appendTestEvent(manager, room, { n: 'rolled back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      // A savepoint that rolls back drops its events; the outer transaction's survive.
      await dataSource.transaction(async (manager) => {
        await appendTestEvent(manager, room, { n: 2 });
        await manager
          .transaction(async (inner) => {
            await appendTestEvent(inner, room, { n: 'savepoint rolled back' });
            throw new Error('inner');
          })
          .catch(() => undefined);
        await manager.transaction((inner) => appendTestEvent(inner, room, { n: 3 }));
      });
      await s.until(() => s.events.length === 3, 'three events');
      expect(s.events.map((e) => [e.seq, e.data.n])).toEqual([
        [1, 1],
        [2, 2],
        [3, 3],
      ]);
      const stored = await t.db.query<{ seq: string }>('SELECT seq FROM room_events WHERE room = $1 ORDER BY seq', [room]);
      expect(stored.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    });

    it('replays from storage after lastSeq, in order, then continues live, without gap or duplicate', async () => {
      const me = await registerUser(t, 'rt-replay');
      const room = rooms.user(me.id);
      const first = await connect(me.accessToken);
      await appendTestEvent(dataSource.manager, room, { n: 1 });
      await first.until(() => first.events.length === 1);
      const lastSeq = first.events[0].seq;
      first.close();

      for (let n = 2; n <= 101; n++) await appendTestEvent(dataSource.manager, room, { n });
      const again = await connect(me.accessToken);
      // Live events keep coming while the replay runs.
      const live = (async () => {
        for (let n = 102; n <= 121; n++) await appendTestEvent(dataSource.manager, room, { n });
      })();
      const ack = await again.call('subscribe', { room, lastSeq });
      expect(ack.ok).toBe(true);
      expect(ack.seq).toBeGreaterThanOrEqual(101);
      await live;
      await again.until(() => again.events.some((e) => e.seq === 121), 'event 121');
      const seqs = again.events.map((e) => e.seq);
      expect(seqs).toEqual(Array.from({ length: 120 }, (_, i) => i + 2));
      expect(again.events.map((e) => e.data.n)).toEqual(seqs);
    });

    it('fills a gap from storage when events arrive out of order', async () => {
      const me = await registerUser(t, 'rt-gap');
      const room = rooms.user(me.id);
      const s = await connect(me.accessToken);
      await s.call('subscribe', { room });
      // Stored without publishing (as if another instance had not published it yet) …
      await t.db.query(`INSERT INTO room_sequences (room, last_seq) VALUES ($1, 1)`, [room]);
      await t.db.query(`INSERT INTO room_events (room, seq, type, data) VALUES ($1, 1, 'test.event', '{"n":1}')`, [room]);
      // … then the next one arrives first.
      await appendTestEvent(dataSource.manager, room, { n: 2 });
      await s.until(() => s.events.length === 2);
      expect(s.events.map((e) => e.seq)).toEqual([1, 2]);
    });

    it('reports a replay that retention cut short, and cleans up old events', async () => {
      const me = await registerUser(t, 'rt-ret');
      const room = rooms.user(me.id);
      for (let n = 1; n <= 3; n++) await appendTestEvent(dataSource.manager, room, { n });
      await t.db.query(`UPDATE room_events SET created_at = now() - interval '8 days' WHERE room = $1 AND seq < 3`, [room]);
      expect(await roomEvents.cleanup()).toBe(2);
      expect(await t.db.query('SELECT seq FROM room_events WHERE room = $1', [room])).toEqual([{ seq: '3' }]);
      const s = await connect(me.accessToken);
      expect(await s.call('subscribe', { room, lastSeq: 0 })).toEqual({ ok: true, seq: 3, truncated: true });
      expect(s.events.map((e) => e.seq)).toEqual([3]);
    });
  });

  describe('access changes', () => {
    it('disconnects a socket within seconds of its user being suspended', async () => {
      const me = await registerUser(t, 'rt-kick');
      const s = await connect(me.accessToken);
      const ended = new Promise<unknown>((resolve) => s.socket.once('session.ended', resolve));
      const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
      await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [me.id]);
      expect(await ended).toEqual({ reason: 'SUSPENDED' });
      expect(await disconnected).toBe('io server disconnect');
    });

    it('user.access-changed disconnects at once, and a logout ends the socket of that session', async () => {
      const me = await registerUser(t, 'rt-now');
      const s = await connect(me.accessToken);
      const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
      await t.gqlOk('mutation($r: String!) { logout(refreshToken: $r) }', { r: me.refreshToken });
      await t.app.get(DomainEventBus).emit(dataSource.manager, 'user.access-changed', { userId: me.id });
      expect(await disconnected).toBe('io server disconnect');
    });
  });
});

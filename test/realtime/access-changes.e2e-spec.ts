import { createThread, reply, setRole, topicId } from '../support/forum';
import { DECIDE_MEMBERSHIP as DECIDE, SET_USER_ROLE as SET_ROLE } from '../support/documents';
import { adminToken, joinSector } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { login, registerUser, TestUser, withAdmin } from '../support/users';

/**
 * Access changes reach sockets at once: the periodic re-check is an hour away here, so only
 * the immediate re-checks (and `subscribe` reloading the viewer) can pass these tests.
 */
describe('realtime: immediate access changes (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let alice: TestUser;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);
  const connect = sockets.connect;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    alice = await registerUser(t, 'rta-alice');
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('once an NGO membership ends, the socket gets no further event of the NGO-only thread and cannot subscribe again', async () => {
    const member = await registerUser(t, 'rta-ngo');
    const membership = await joinSector(t, admin, member, 'NGO');
    const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['NGO'] } });
    const room = `thread:${thread.id}`;
    const s = await connect(member.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    await reply(t, admin, { threadId: thread.id, body: 'for NGOs: one' });
    await s.until(() => s.events.some((e) => e.room === room), 'the first event');

    await t.gqlOk(DECIDE, { id: membership.membershipId, approve: false }, admin);
    // Re-checked right after the commit, before the mutation answered.
    await s.call('unsubscribe', { room: 'noop' });
    expect(s.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
    await reply(t, admin, { threadId: thread.id, body: 'for NGOs: two' });
    expect(await s.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(s.events.filter((e) => e.room === room).map((e) => e.seq)).toEqual([1]);
    expect(s.socket.connected).toBe(true);
  });

  it('subscribe uses the viewer as it is now, not as it was at the handshake', async () => {
    const user = await registerUser(t, 'rta-now');
    const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const room = `thread:${thread.id}`;
    const s = await connect(user.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: false, error: 'NOT_FOUND' });
    await setRole(t, user.id, 'MODERATOR'); // straight in the database: no re-check is triggered
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
  });

  it('setUserRole re-checks the user’s sockets at once', async () => {
    const moderator = await registerUser(t, 'rta-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['IGO'] } });
    const room = `thread:${thread.id}`;
    const s = await connect(moderator.accessToken);
    expect(await s.call('subscribe', { room })).toEqual({ ok: true, seq: 0 });
    await t.gqlOk(SET_ROLE, { id: moderator.id, role: 'MEMBER' }, admin);
    await s.call('unsubscribe', { room: 'noop' });
    expect(s.unsubscribed).toEqual([{ room, error: 'NOT_FOUND' }]);
  });

  it('a logout disconnects that session’s socket at once (other sessions stay)', async () => {
    const user = await registerUser(t, 'rta-out');
    const other = await login(t, user.email, user.password);
    const s = await connect(user.accessToken);
    const stays = await connect(other.accessToken);
    const ended = new Promise<unknown>((resolve) => s.socket.once('session.ended', resolve));
    const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
    await t.gqlOk('mutation($r: String!) { logout(refreshToken: $r) }', { r: user.refreshToken });
    expect(await ended).toEqual({ reason: 'UNAUTHENTICATED' });
    expect(await disconnected).toBe('io server disconnect');
    expect(await stays.call('subscribe', { room: `user:${user.id}` })).toMatchObject({ ok: true });
    expect(stays.socket.connected).toBe(true);
  });

  it('throttles subscribe per socket (30 per 10 s) with RATE_LIMITED and retryAfterSeconds', async () => {
    const s = await connect(alice.accessToken);
    const room = `user:${alice.id}`;
    for (let i = 0; i < 30; i++) expect(await s.call('subscribe', { room })).toMatchObject({ ok: true });
    const refused = await s.call('subscribe', { room });
    expect(refused).toEqual({ ok: false, error: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    // Another socket of the same user is not affected.
    const fresh = await connect(alice.accessToken);
    expect(await fresh.call('subscribe', { room })).toMatchObject({ ok: true });
  });
});

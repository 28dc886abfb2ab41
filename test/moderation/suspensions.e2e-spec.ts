import { errorCode, setRole } from '../support/forum';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const SUSPEND = `mutation($id: ID!, $until: DateTime!, $reason: String!) { suspendUser(userId: $id, until: $until, reason: $reason) { id suspendedUntil } }`;
const UNSUSPEND = `mutation($id: ID!) { unsuspendUser(userId: $id) { id suspendedUntil } }`;
const ME = `query { unreadNotificationCount }`;
const LOG = `query($targetId: ID) { moderationLog(targetId: $targetId) { edges { node { action targetType reason actor { id } } } } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken } }`;

const inAWeek = () => new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();

/** Suspensions take effect at once: the existing token, refresh, and the open socket. */
describe('moderation: suspensions (e2e)', () => {
  let t: TestApp;
  let moderator: TestUser;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    moderator = await registerUser(t, 'sus-mod');
    await setRole(t, moderator.id, 'MODERATOR');
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('suspendUser stops the existing access token, refresh and the open socket at once; unsuspendUser lets the token work again; each is logged', async () => {
    const user = await registerUser(t, 'sus-user');
    const s = await sockets.connect(user.accessToken);
    expect(await s.call('subscribe', { room: `user:${user.id}` })).toMatchObject({ ok: true });
    const ended = new Promise<unknown>((resolve) => s.socket.once('session.ended', resolve));
    const disconnected = new Promise<string>((resolve) => s.socket.once('disconnect', resolve));
    const until = inAWeek();
    expect((await t.gqlOk(ME, {}, user.accessToken)).unreadNotificationCount).toBe(0);

    const res = (await t.gqlOk(SUSPEND, { id: user.id, until, reason: 'abuse' }, moderator.accessToken)).suspendUser;
    expect(res).toEqual({ id: user.id, suspendedUntil: new Date(until).toISOString() });
    expect(await ended).toEqual({ reason: 'SUSPENDED' });
    expect(await disconnected).toBe('io server disconnect');
    expect(errorCode(await t.gql(ME, {}, user.accessToken))).toBe('SUSPENDED');
    // The user sees their own suspension; others do not.
    const other = await registerUser(t, 'sus-other');
    const USER = `query($id: ID!) { node(id: $id) { ... on User { suspendedUntil } } }`;
    expect((await t.gqlOk(USER, { id: user.id }, other.accessToken)).node.suspendedUntil).toBeNull();
    expect((await t.gqlOk(USER, { id: user.id }, moderator.accessToken)).node.suspendedUntil).toBe(new Date(until).toISOString());

    expect((await t.gqlOk(UNSUSPEND, { id: user.id }, moderator.accessToken)).unsuspendUser).toEqual({ id: user.id, suspendedUntil: null });
    expect((await t.gqlOk(ME, {}, user.accessToken)).unreadNotificationCount).toBe(0);
    expect((await t.gqlOk(LOG, { targetId: user.id }, moderator.accessToken)).moderationLog.edges.map((e: any) => e.node)).toEqual([
      { action: 'UNSUSPEND_USER', targetType: 'USER', reason: null, actor: { id: moderator.id } },
      { action: 'SUSPEND_USER', targetType: 'USER', reason: 'abuse', actor: { id: moderator.id } },
    ]);
    // Suspended again: the refresh token is refused too (and that ends the session for good).
    await t.gqlOk(SUSPEND, { id: user.id, until, reason: 'again' }, moderator.accessToken);
    expect(errorCode(await t.gql(REFRESH, { r: user.refreshToken }))).toBe('SUSPENDED');
  });

  it('who may suspend whom: members and experts by staff, MODERATORs by an ADMIN only, never an ADMIN or oneself; a time in the future and a reason', async () => {
    const admin = await registerUser(t, 'sus-admin');
    await setRole(t, admin.id, 'ADMIN');
    const otherModerator = await registerUser(t, 'sus-mod2');
    await setRole(t, otherModerator.id, 'MODERATOR');
    const member = await registerUser(t, 'sus-member');
    const until = inAWeek();
    expect(errorCode(await t.gql(SUSPEND, { id: member.id, until, reason: 'x' }, (await registerUser(t, 'sus-m2')).accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUSPEND, { id: otherModerator.id, until, reason: 'x' }, moderator.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUSPEND, { id: admin.id, until, reason: 'x' }, moderator.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUSPEND, { id: moderator.id, until, reason: 'x' }, moderator.accessToken))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(SUSPEND, { id: member.id, until: new Date(Date.now() - 1000).toISOString(), reason: 'x' }, moderator.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUSPEND, { id: member.id, until, reason: ' ' }, moderator.accessToken))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(SUSPEND, { id: '00000000-0000-4000-8000-000000000000', until, reason: 'x' }, moderator.accessToken))).toBe('NOT_FOUND');
    expect((await t.gqlOk(SUSPEND, { id: otherModerator.id, until, reason: 'x' }, admin.accessToken)).suspendUser.id).toBe(otherModerator.id);
    // A suspended moderator can no longer moderate.
    expect(errorCode(await t.gql(SUSPEND, { id: member.id, until, reason: 'x' }, otherModerator.accessToken))).toBe('SUSPENDED');
    expect((await t.gqlOk(LOG, { targetId: member.id }, moderator.accessToken)).moderationLog.edges).toEqual([]);
  });
});

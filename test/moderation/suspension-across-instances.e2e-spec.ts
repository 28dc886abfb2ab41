import { createThread, errorCode, setRole, topicId } from '../support/forum';
import { refusal, socketPool } from '../support/sockets';
import { describeWithRedis, startTwoInstances } from '../support/instances';
import { TestApp } from '../support/test-app';
import { registerUser } from '../support/users';

const SUSPEND = `mutation($id: ID!, $until: DateTime!, $reason: String!) { suspendUser(userId: $id, until: $until, reason: $reason) { id suspendedUntil } }`;
const UNSUSPEND = `mutation($id: ID!) { unsuspendUser(userId: $id) { id } }`;
const ME = `query { me { id } unreadNotificationCount }`;

/**
 * Issue 12: a suspension takes effect at once everywhere. Two instances share one database and
 * one Redis: a moderator suspends a user through instance A while the user's socket is open on
 * instance B; the token is refused on both instances and the socket on B is ended right away
 * (no periodic re-check: REALTIME_RECHECK_SECONDS is an hour).
 */
describeWithRedis('moderation: a suspension across two instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  const sockets = socketPool();

  beforeAll(async () => {
    // One database and one Redis channel prefix, unique to this spec (see sharedRedisEnv).
    ({ a, b } = await startTwoInstances());
  });

  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
  });

  it('suspendUser on instance A: the token is refused (SUSPENDED) on A and B at once, and the socket on B is ended and leaves its rooms', async () => {
    const moderator = await registerUser(a, 'xs-mod');
    await setRole(a, moderator.id, 'MODERATOR');
    const user = await registerUser(a, 'xs-user');
    const thread = await createThread(a, moderator.accessToken, { topicId: await topicId(a) });
    const room = `thread:${thread.id}`;
    for (const app of [a, b]) expect((await app.gqlOk(ME, {}, user.accessToken)).me).toEqual({ id: user.id });

    const onB = await sockets.connectTo(b.baseUrl, user.accessToken);
    expect(await onB.call('subscribe', { room })).toMatchObject({ ok: true });
    // a witness on B that stays: the room still works for others after the suspended socket is gone
    const witness = await sockets.connectTo(b.baseUrl, moderator.accessToken);
    expect(await witness.call('subscribe', { room })).toMatchObject({ ok: true });
    const ended = new Promise<unknown>((resolve) => onB.socket.once('session.ended', resolve));
    const disconnected = new Promise<string>((resolve) => onB.socket.once('disconnect', resolve));

    const until = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString();
    await a.gqlOk(SUSPEND, { id: user.id, until, reason: 'spam across instances' }, moderator.accessToken);

    // the HTTP token: refused on both instances from the first request after the suspension
    for (const app of [a, b]) expect(errorCode(await app.gql(ME, {}, user.accessToken))).toBe('SUSPENDED');
    // the socket on B: told why, then disconnected by the server (not by a periodic re-check)
    expect(await ended).toEqual({ reason: 'SUSPENDED' });
    expect(await disconnected).toBe('io server disconnect');
    expect(onB.socket.connected).toBe(false);
    // and a new socket with that token is refused on either instance
    for (const app of [a, b]) expect(await refusal(app.baseUrl, { token: user.accessToken })).toBe('SUSPENDED');
    // the room itself keeps working on B for the others
    await a.gqlOk(`mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`, { input: { threadId: thread.id, body: 'Still here.' } }, moderator.accessToken);
    await witness.until(() => witness.events.some((e) => e.room === room && e.type === 'post.created'), 'post.created on B');
    expect(onB.events.filter((e) => e.room === room && e.type === 'post.created')).toEqual([]);

    // unsuspended on B: the same token works again on A
    await b.gqlOk(UNSUSPEND, { id: user.id }, moderator.accessToken);
    expect((await a.gqlOk(ME, {}, user.accessToken)).me).toEqual({ id: user.id });
  });
});

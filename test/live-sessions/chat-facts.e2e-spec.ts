import { DataSource } from 'typeorm';
import { topicId } from '../support/forum';
import { socketPool } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { codeOf, END, makeVerifiedExpert, MESSAGES, schedule, SEND, SLOW, START } from './live.fixtures';

/**
 * An instance decides a chat message on the facts of its session it read for an earlier message
 * (visibility, scheduler, topic, slow mode, hosts); the statement storing it checks them again.
 * Nothing evicts those facts when they change, here or on another instance, so every change below
 * meets facts this instance holds from before it: the message must follow the change anyway.
 */
describe('live chat: a message follows changes to its session made after this instance read it (e2e)', () => {
  let t: TestApp;
  let db: DataSource;
  let topic: string;
  let host: TestUser;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    // Time-based throttles off: slow mode is a product rule and must hold anyway.
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false' }));
    db = t.app.get(DataSource);
    topic = await topicId(t);
    host = await registerUser(t, 'cf-host');
    await makeVerifiedExpert(t, host.id);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  async function liveSession(): Promise<string> {
    const s = await schedule(t, host.accessToken, topic);
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    return s.id;
  }

  const bodies = async (sessionId: string): Promise<string[]> =>
    (await t.gqlOk<any>(MESSAGES, { id: sessionId, last: 50 }, host.accessToken)).liveSession.messages.map((m: any) => m.body);

  it('slow mode turned on or off after a message: the next ones follow it, on both paths', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-carl');
    const carlSock = await sockets.connect(carl.accessToken);
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'under slow mode' }, carl.accessToken);
    await t.gqlOk(SLOW, { s: id, n: 0 }, host.accessToken);
    // read under slow mode, sent without it: passes (and records no time)
    expect((await carlSock.call('live:message', { sessionId: id, body: 'slow mode off' })).ok).toBe(true);
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    // read without slow mode, sent under it: held back by the first message, 30 s ago at most
    const limited = await t.gql(SEND, { s: id, body: 'slow mode on again' }, carl.accessToken);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(20);
    expect(await carlSock.call('live:message', { sessionId: id, body: 'and over the socket' })).toMatchObject({ ok: false, error: 'RATE_LIMITED' });
    expect(await bodies(id)).toEqual(['under slow mode', 'slow mode off']);
  });

  it('a host no longer hosting loses the slow-mode exemption at once', async () => {
    const id = await liveSession();
    const cohost = await registerUser(t, 'cf-cohost');
    await db.query('INSERT INTO live_session_hosts (session_id, user_id) VALUES ($1, $2)', [id, cohost.id]);
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'host 1' }, cohost.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'host 2' }, cohost.accessToken);
    await db.query('DELETE FROM live_session_hosts WHERE session_id = $1 AND user_id = $2', [id, cohost.id]);
    await t.gqlOk(SEND, { s: id, body: 'participant 1' }, cohost.accessToken);
    expect(codeOf(await t.gql(SEND, { s: id, body: 'participant 2' }, cohost.accessToken))).toBe('RATE_LIMITED');
    expect(await bodies(id)).toEqual(['host 1', 'host 2', 'participant 1']);
  });

  it('visibility narrowed to sectors the author is not in: NOT_FOUND, nothing stored', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-vis');
    const carlSock = await sockets.connect(carl.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'while public' }, carl.accessToken);
    await db.query(`UPDATE live_sessions SET visibility_scope = 'SECTORS', visibility_sectors = '{GOVERNMENT}' WHERE id = $1`, [id]);
    expect(codeOf(await t.gql(SEND, { s: id, body: 'after narrowing' }, carl.accessToken))).toBe('NOT_FOUND');
    expect(await carlSock.call('live:message', { sessionId: id, body: 'after narrowing' })).toEqual({ ok: false, error: 'NOT_FOUND' });
    expect(await bodies(id)).toEqual(['while public']);
    // and back: the facts read on the refusal are the new ones
    await db.query(`UPDATE live_sessions SET visibility_scope = 'PUBLIC', visibility_sectors = '{}' WHERE id = $1`, [id]);
    await t.gqlOk(SEND, { s: id, body: 'public again' }, carl.accessToken);
    expect(await bodies(id)).toEqual(['while public', 'public again']);
  });

  it('a session ended after a message: BAD_USER_INPUT on both paths, nothing stored', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-end');
    const carlSock = await sockets.connect(carl.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'while live' }, carl.accessToken);
    await t.gqlOk(END, { id }, host.accessToken);
    expect(codeOf(await t.gql(SEND, { s: id, body: 'after the end' }, carl.accessToken))).toBe('BAD_USER_INPUT');
    expect(await carlSock.call('live:message', { sessionId: id, body: 'after the end' })).toEqual({ ok: false, error: 'BAD_USER_INPUT' });
    expect(await bodies(id)).toEqual(['while live']);
  });

  it("the event carries the author's name as it is when the message is sent", async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-name');
    const carlSock = await sockets.connect(carl.accessToken);
    expect(await carlSock.call('subscribe', { room: `session:${id}` })).toMatchObject({ ok: true });
    await t.gqlOk(SEND, { s: id, body: 'before' }, carl.accessToken);
    await db.query(`UPDATE users SET display_name = 'Carl Renamed' WHERE id = $1`, [carl.id]);
    const ack = await carlSock.call('live:message', { sessionId: id, body: 'after' });
    expect(ack).toMatchObject({ ok: true, message: { author: { id: carl.id, displayName: 'Carl Renamed' } } });
    await carlSock.until(() => carlSock.events.filter((e) => e.type === 'live.message').length === 2, 'two live.message events');
    expect(carlSock.events.filter((e) => e.type === 'live.message').map((e) => e.data.author.displayName)).toEqual([`Test ${carl.handle}`, 'Carl Renamed']);
  });
});

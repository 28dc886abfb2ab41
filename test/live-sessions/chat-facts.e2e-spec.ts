import { DataSource } from 'typeorm';
import { setRole, topicId } from '../support/forum';
import { adminToken } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { sqlCounter } from '../support/sql-count';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { codeOf, END, makeVerifiedExpert, MESSAGES, MUTE, schedule, SEND, SLOW, START } from './live.fixtures';

/** `sendLiveMessage` asking for nothing that costs a statement of its own (`author` would). */
const SEND_LEAN = `mutation($s: ID!, $body: String!) { sendLiveMessage(sessionId: $s, body: $body) { id seq } }`;
const SET_TOPICS = `mutation($userId: ID!, $topicIds: [ID!]!) { setModeratorTopics(userId: $userId, topicIds: $topicIds) { id } }`;

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

  async function liveSession(inTopic = topic): Promise<string> {
    const s = await schedule(t, host.accessToken, inTopic);
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

  it('slow mode lengthened after a message: the new length holds back the next one', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-longer');
    await t.gqlOk(SLOW, { s: id, n: 5 }, host.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'under 5 s' }, carl.accessToken);
    // ten seconds ago: 5 s of slow mode would let the next one through, 60 s do not
    await db.query(`UPDATE live_session_participants SET last_message_at = now() - interval '10 seconds' WHERE session_id = $1 AND user_id = $2`, [id, carl.id]);
    await t.gqlOk(SLOW, { s: id, n: 60 }, host.accessToken);
    const limited = await t.gql(SEND, { s: id, body: 'under 60 s' }, carl.accessToken);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.errors![0].extensions.retryAfterSeconds).toBeGreaterThan(30);
    expect(await bodies(id)).toEqual(['under 5 s']);
  });

  it('a mute under slow mode after a message holds on the socket, and the muted author is then refused with one read', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-mute');
    const carlSock = await sockets.connect(carl.accessToken);
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'before the mute' }, carl.accessToken);
    // slow mode would let the next one through: only the mute stops it
    await db.query(`UPDATE live_session_participants SET last_message_at = now() - interval '1 minute' WHERE session_id = $1 AND user_id = $2`, [id, carl.id]);
    await t.gqlOk(MUTE, { s: id, u: carl.id, m: true }, host.accessToken);
    expect(await carlSock.call('live:message', { sessionId: id, body: 'muted' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    const statements = sqlCounter(t);
    // the viewer and the session read: no write tried
    expect(await statements(SEND_LEAN, { s: id, body: 'still muted' }, carl.accessToken, { refused: true })).toEqual({ statements: 2, data: null, code: 'FORBIDDEN' });
    await t.gqlOk(MUTE, { s: id, u: carl.id, m: false }, host.accessToken);
    expect((await carlSock.call('live:message', { sessionId: id, body: 'unmuted' })).ok).toBe(true);
    expect(await bodies(id)).toEqual(['before the mute', 'unmuted']);
  });

  it('slow mode: the first refusal tries the write, the next ones only read until the author may write again', async () => {
    const id = await liveSession();
    const carl = await registerUser(t, 'cf-cost');
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    const statements = sqlCounter(t);
    // viewer, session (new to this instance), message
    expect((await statements(SEND_LEAN, { s: id, body: 'one' }, carl.accessToken)).statements).toBe(3);
    // viewer, the refused write, the read that says why
    expect(await statements(SEND_LEAN, { s: id, body: 'two' }, carl.accessToken, { refused: true })).toEqual({ statements: 3, data: null, code: 'RATE_LIMITED' });
    // viewer, the read
    expect(await statements(SEND_LEAN, { s: id, body: 'three' }, carl.accessToken, { refused: true })).toEqual({ statements: 2, data: null, code: 'RATE_LIMITED' });
    expect(await bodies(id)).toEqual(['one']);
  });

  it('a topic-limited MODERATOR loses the slow-mode exemption when the session leaves their topic', async () => {
    const leaching = await topicId(t, 'leaching');
    const id = await liveSession(leaching);
    const tmod = await registerUser(t, 'cf-tmod');
    await setRole(t, tmod.id, 'MODERATOR');
    await t.gqlOk(SET_TOPICS, { userId: tmod.id, topicIds: [leaching] }, await adminToken(t));
    await t.gqlOk(SLOW, { s: id, n: 30 }, host.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'staff 1' }, tmod.accessToken);
    await t.gqlOk(SEND, { s: id, body: 'staff 2' }, tmod.accessToken);
    await db.query('UPDATE live_sessions SET topic_id = $2 WHERE id = $1', [id, topic]);
    await t.gqlOk(SEND, { s: id, body: 'member 1' }, tmod.accessToken);
    expect(codeOf(await t.gql(SEND, { s: id, body: 'member 2' }, tmod.accessToken))).toBe('RATE_LIMITED');
    expect(await bodies(id)).toEqual(['staff 1', 'staff 2', 'member 1']);
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

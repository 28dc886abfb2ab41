import { topicId, setRole } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { socketPool } from '../support/sockets';
import { sqlCounter } from '../support/sql-count';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { DECIDE_MEMBERSHIP } from '../support/documents';
import {
  ASK, CANCEL, codeOf, END, inMinutes, makeVerifiedExpert, MESSAGES, MODERATE, MUTE, QUESTIONS, RSVP, schedule, SEND, SESSION, SESSIONS,
  sessionNotifications, SLOW, START, UPDATE, UPVOTE,
} from './live.fixtures';

describe('live sessions: lifecycle, RSVP, chat, questions, archive and visibility (e2e)', () => {
  let t: TestApp;
  let admin: string;
  let topic: string;
  let host: TestUser;
  const sockets = socketPool(() => t.baseUrl);

  beforeAll(async () => {
    // Time-based throttles off: slow mode and mute are product rules and must hold anyway.
    t = await startTestApp(withAdmin({ RATE_LIMITS_ENABLED: 'false', REALTIME_RECHECK_SECONDS: '3600' }));
    admin = await adminToken(t);
    topic = await topicId(t);
    host = await registerUser(t, 'ls-host');
    await makeVerifiedExpert(t, host.id);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
  });

  it('who may schedule and host: verified experts and staff; times, hosts and capacity are validated', async () => {
    const member = await registerUser(t, 'ls-member');
    const r1 = await t.gql(`mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`, { input: { title: 'Not allowed here', topicId: topic, scheduledStartAt: inMinutes(60), scheduledEndAt: inMinutes(90) } }, member.accessToken);
    expect(codeOf(r1)).toBe('FORBIDDEN');
    const unverified = await registerUser(t, 'ls-unverified');
    await setRole(t, unverified.id, 'EXPERT');
    const r2 = await t.gql(`mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`, { input: { title: 'Unverified expert', topicId: topic, scheduledStartAt: inMinutes(60), scheduledEndAt: inMinutes(90) } }, unverified.accessToken);
    expect(codeOf(r2)).toBe('FORBIDDEN');
    const bad = async (input: Record<string, unknown>) =>
      codeOf(await t.gql(`mutation($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`, { input: { title: 'A fine title', topicId: topic, scheduledStartAt: inMinutes(60), scheduledEndAt: inMinutes(90), ...input } }, host.accessToken));
    expect(await bad({ scheduledStartAt: inMinutes(-5) })).toBe('BAD_USER_INPUT');
    expect(await bad({ scheduledEndAt: inMinutes(59) })).toBe('BAD_USER_INPUT');
    expect(await bad({ scheduledEndAt: inMinutes(60 + 8 * 60 + 1) })).toBe('BAD_USER_INPUT');
    expect(await bad({ hostIds: [member.id] })).toBe('BAD_USER_INPUT');
    expect(await bad({ capacity: 0 })).toBe('BAD_USER_INPUT');
    expect(await bad({ topicId: '00000000-0000-4000-8000-000000000000' })).toBe('NOT_FOUND');
    const s = await schedule(t, host.accessToken, topic, { hostIds: [(await t.gqlOk<any>('query { me { id } }', {}, admin)).me.id] });
    expect(s.status).toBe('SCHEDULED');
    expect(s.hosts).toHaveLength(2);
    expect(s.hosts[0].id).toBe(host.id);
  });

  it('transitions: SCHEDULED → LIVE → ENDED and SCHEDULED → CANCELLED; anything else is BAD_USER_INPUT; each is a live.status event', async () => {
    const s = await schedule(t, host.accessToken, topic);
    const outsider = await registerUser(t, 'ls-outsider');
    expect(codeOf(await t.gql(START, { id: s.id }, outsider.accessToken))).toBe('FORBIDDEN');
    const sock = await sockets.connect(outsider.accessToken);
    expect(await sock.call('subscribe', { room: `session:${s.id}` })).toEqual({ ok: true, seq: 0 });
    expect(codeOf(await t.gql(END, { id: s.id }, host.accessToken))).toBe('BAD_USER_INPUT');
    expect((await t.gqlOk<any>(START, { id: s.id }, host.accessToken)).startLiveSession.status).toBe('LIVE');
    expect(codeOf(await t.gql(START, { id: s.id }, host.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(CANCEL, { id: s.id }, host.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(UPDATE, { id: s.id, input: { title: 'Too late to rename' } }, host.accessToken))).toBe('BAD_USER_INPUT');
    const ended = (await t.gqlOk<any>(END, { id: s.id, summary: 'Short one.' }, admin)).endLiveSession;
    expect(ended.status).toBe('ENDED');
    expect(codeOf(await t.gql(START, { id: s.id }, host.accessToken))).toBe('BAD_USER_INPUT');
    await sock.until(() => sock.events.filter((e) => e.type === 'live.status').length === 2, 'two live.status events');
    expect(sock.events.filter((e) => e.type === 'live.status').map((e) => [e.seq, e.data.status])).toEqual([[1, 'LIVE'], [2, 'ENDED']]);

    const c = await schedule(t, host.accessToken, topic);
    expect((await t.gqlOk<any>(CANCEL, { id: c.id }, host.accessToken)).cancelLiveSession.status).toBe('CANCELLED');
    expect(codeOf(await t.gql(START, { id: c.id }, host.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(RSVP, { id: c.id, a: true }, outsider.accessToken))).toBe('BAD_USER_INPUT');
  });

  it('RSVP: 50 concurrent RSVPs for 10 seats give exactly 10, the rest CONFLICT; cancel notifies RSVPs', async () => {
    const s = await schedule(t, host.accessToken, topic, { capacity: 10 });
    const users = await Promise.all(Array.from({ length: 50 }, (_, i) => registerUser(t, `ls-rsvp${i}`)));
    const results = await Promise.all(users.map((u) => t.gql(RSVP, { id: s.id, a: true }, u.accessToken)));
    expect(results.filter((r) => !r.errors).length).toBe(10);
    expect(results.filter((r) => codeOf(r) === 'CONFLICT').length).toBe(40);
    const after = (await t.gqlOk<any>(SESSION, { id: s.id }, admin)).liveSession;
    expect(after.rsvpCount).toBe(10);
    const attending = users.filter((_, i) => !results[i].errors);
    // RSVP again is a no-op; withdrawing frees a seat.
    expect((await t.gqlOk<any>(RSVP, { id: s.id, a: true }, attending[0].accessToken)).rsvpLiveSession.rsvpCount).toBe(10);
    expect((await t.gqlOk<any>(RSVP, { id: s.id, a: false }, attending[0].accessToken)).rsvpLiveSession).toMatchObject({ rsvpCount: 9, viewerHasRsvp: false });
    await t.gqlOk(CANCEL, { id: s.id }, host.accessToken);
    const n = await sessionNotifications(t, attending[1].accessToken);
    expect(n).toEqual([{ type: 'SESSION_CANCELLED', session: { id: s.id, title: s.title }, thread: null }]);
    expect(await sessionNotifications(t, attending[0].accessToken)).toEqual([]);
  });

  it('starting notifies RSVPs (SESSION_STARTING); chat is LIVE only, ordered by room seq, idempotent on both paths', async () => {
    const s = await schedule(t, host.accessToken, topic);
    const alice = await registerUser(t, 'ls-alice');
    const bob = await registerUser(t, 'ls-bob');
    await t.gqlOk(RSVP, { id: s.id, a: true }, alice.accessToken);
    expect(codeOf(await t.gql(SEND, { s: s.id, body: 'too early' }, alice.accessToken))).toBe('BAD_USER_INPUT');
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    expect((await sessionNotifications(t, alice.accessToken)).map((n) => n.type)).toEqual(['SESSION_STARTING']);

    const watcher = await sockets.connect(bob.accessToken);
    expect(await watcher.call('subscribe', { room: `session:${s.id}` })).toMatchObject({ ok: true });
    const aliceSock = await sockets.connect(alice.accessToken);
    const viaGql = (await t.gqlOk<any>(SEND, { s: s.id, body: 'Hello **all**', key: 'k1' }, alice.accessToken)).sendLiveMessage;
    expect(viaGql.seq).toBeGreaterThan(0);
    expect(viaGql.bodyHtml).toContain('<strong>all</strong>');
    const again = (await t.gqlOk<any>(SEND, { s: s.id, body: 'Hello **all**', key: 'k1' }, alice.accessToken)).sendLiveMessage;
    expect(again).toEqual(viaGql);
    expect(codeOf(await t.gql(SEND, { s: s.id, body: 'different', key: 'k1' }, alice.accessToken))).toBe('IDEMPOTENCY_CONFLICT');
    const ack = await aliceSock.call('live:message', { sessionId: s.id, body: 'via socket', idempotencyKey: 'k2' });
    expect(ack).toMatchObject({ ok: true, message: { seq: viaGql.seq + 1, body: 'via socket', author: { id: alice.id } } });
    const ackAgain = await aliceSock.call('live:message', { sessionId: s.id, body: 'via socket', idempotencyKey: 'k2' });
    expect(ackAgain).toEqual(ack);
    expect(await aliceSock.call('live:message', { sessionId: s.id, body: '' })).toEqual({ ok: false, error: 'BAD_USER_INPUT' });
    expect(await aliceSock.call('live:message', { sessionId: s.id, body: 'x'.repeat(2001) })).toEqual({ ok: false, error: 'BAD_USER_INPUT' });
    expect((await t.gqlOk<any>(SEND, { s: s.id, body: 'y'.repeat(2000) }, bob.accessToken)).sendLiveMessage.body).toHaveLength(2000);
    const anon = await sockets.connect();
    expect(await anon.call('live:message', { sessionId: s.id, body: 'hi' })).toEqual({ ok: false, error: 'UNAUTHENTICATED' });

    // 20 messages at once over both paths: seqs are consecutive, and every client sees one order.
    await Promise.all(Array.from({ length: 10 }, (_, i) => [
      t.gqlOk(SEND, { s: s.id, body: `gql ${i}` }, bob.accessToken),
      aliceSock.call('live:message', { sessionId: s.id, body: `socket ${i}` }),
    ]).flat());
    const all = (await t.gqlOk<any>(MESSAGES, { id: s.id, last: 200 }, bob.accessToken)).liveSession.messages;
    expect(all).toHaveLength(23);
    const seqs = all.map((m: any) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(23);
    await watcher.until(() => watcher.events.filter((e) => e.type === 'live.message').length === 23, '23 live.message events');
    const pushed = watcher.events.filter((e) => e.type === 'live.message');
    expect(pushed.map((e) => e.data.messageId)).toEqual(all.map((m: any) => m.id));
    expect(pushed.map((e) => e.seq)).toEqual(seqs);
    expect(pushed[0].data).toMatchObject({ author: { id: alice.id, handle: alice.handle }, bodyHtml: expect.stringContaining('<strong>') });
    // afterSeq / last
    const tail = (await t.gqlOk<any>(MESSAGES, { id: s.id, after: seqs[20], last: 10 }, bob.accessToken)).liveSession.messages;
    expect(tail.map((m: any) => m.seq)).toEqual(seqs.slice(21));
    expect((await t.gqlOk<any>(MESSAGES, { id: s.id, last: 2 }, bob.accessToken)).liveSession.messages.map((m: any) => m.seq)).toEqual(seqs.slice(21));

    // replay after reconnect: a new socket with lastSeq gets everything after it, in order, from storage
    watcher.close();
    const back = await sockets.connect(bob.accessToken);
    const lastSeen = pushed[9].seq!;
    await t.gqlOk(SEND, { s: s.id, body: 'while away' }, alice.accessToken);
    const re = await back.call('subscribe', { room: `session:${s.id}`, lastSeq: lastSeen });
    expect(re.ok).toBe(true);
    await back.until(() => back.events.some((e) => e.type === 'live.message' && e.data.body === 'while away'), 'the replay');
    const replayed = back.events.filter((e) => e.room === `session:${s.id}` && e.seq !== null).map((e) => e.seq);
    expect(replayed[0]).toBe(lastSeen + 1);
    expect(replayed).toEqual([...replayed].sort((a, b) => a! - b!));
    expect(new Set(replayed).size).toBe(replayed.length);
  });

  it('slow mode and mute hold on both paths (RATE_LIMITS_ENABLED=false): RATE_LIMITED with retryAfterSeconds, FORBIDDEN when muted', async () => {
    const s = await schedule(t, host.accessToken, topic);
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    const carl = await registerUser(t, 'ls-carl');
    const carlSock = await sockets.connect(carl.accessToken);
    expect(codeOf(await t.gql(SLOW, { s: s.id, n: 301 }, host.accessToken))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(SLOW, { s: s.id, n: 30 }, carl.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk<any>(SLOW, { s: s.id, n: 30 }, host.accessToken)).setLiveSlowMode.slowModeSeconds).toBe(30);
    await t.gqlOk(SEND, { s: s.id, body: 'first' }, carl.accessToken);
    const limited = await t.gql(SEND, { s: s.id, body: 'second' }, carl.accessToken);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.errors![0].extensions.retryAfterSeconds).toBeGreaterThanOrEqual(29);
    const sockLimited = await carlSock.call('live:message', { sessionId: s.id, body: 'third' });
    expect(sockLimited).toMatchObject({ ok: false, error: 'RATE_LIMITED' });
    expect(sockLimited.retryAfterSeconds).toBeGreaterThan(0);
    // ten messages at once from someone who has not written yet: exactly one passes the gate
    const dora = await registerUser(t, 'ls-dora');
    const doraSock = await sockets.connect(dora.accessToken);
    const burst = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      i % 2
        ? t.gql(SEND, { s: s.id, body: `burst ${i}` }, dora.accessToken).then((r) => (r.errors ? codeOf(r) : r.data!.sendLiveMessage.seq))
        : doraSock.call('live:message', { sessionId: s.id, body: `burst ${i}` }).then((a: any) => (a.ok ? a.message.seq : a.error)),
    ));
    const passed = burst.filter((c) => typeof c === 'number');
    expect(passed).toHaveLength(1);
    expect(burst.filter((c) => c === 'RATE_LIMITED')).toHaveLength(9);
    // retries of one message under slow mode, at once: every one gets that message, none is refused
    const erin = await registerUser(t, 'ls-erin');
    const retries = await Promise.all(Array.from({ length: 6 }, () => t.gql(SEND, { s: s.id, body: 'once', key: 'erin-1' }, erin.accessToken)));
    expect(retries.map((r) => (r.errors ? codeOf(r) : 'OK'))).toEqual(Array(6).fill('OK'));
    expect(new Set(retries.map((r) => `${r.data!.sendLiveMessage.id}/${r.data!.sendLiveMessage.seq}`)).size).toBe(1);
    // the refused ones used no seq up: the room goes on right after
    expect(retries[0].data!.sendLiveMessage.seq).toBe(passed[0] + 1);
    // hosts are exempt
    await t.gqlOk(SEND, { s: s.id, body: 'host one' }, host.accessToken);
    await t.gqlOk(SEND, { s: s.id, body: 'host two' }, host.accessToken);
    await t.gqlOk(SLOW, { s: s.id, n: 0 }, host.accessToken);
    expect((await carlSock.call('live:message', { sessionId: s.id, body: 'slow mode off' })).ok).toBe(true);

    expect(codeOf(await t.gql(MUTE, { s: s.id, u: host.id, m: true }, admin))).toBe('BAD_USER_INPUT');
    expect(codeOf(await t.gql(MUTE, { s: s.id, u: carl.id, m: true }, carl.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk<any>(MUTE, { s: s.id, u: carl.id, m: true }, host.accessToken)).muteLiveParticipant).toBe(true);
    expect(codeOf(await t.gql(SEND, { s: s.id, body: 'muted?' }, carl.accessToken))).toBe('FORBIDDEN');
    expect(await carlSock.call('live:message', { sessionId: s.id, body: 'muted?' })).toEqual({ ok: false, error: 'FORBIDDEN' });
    expect(codeOf(await t.gql(ASK, { s: s.id, body: 'muted question?' }, carl.accessToken))).toBe('FORBIDDEN');
    await t.gqlOk(MUTE, { s: s.id, u: carl.id, m: false }, host.accessToken);
    expect((await carlSock.call('live:message', { sessionId: s.id, body: 'unmuted' })).ok).toBe(true);
  });

  it('question queue: asked while SCHEDULED, 20 concurrent upvotes count exactly 20, TOP order, moderation, one upvote per user', async () => {
    const s = await schedule(t, host.accessToken, topic);
    const asker = await registerUser(t, 'ls-asker');
    const q1 = (await t.gqlOk<any>(ASK, { s: s.id, body: 'Which retort for 50 g batches?' }, asker.accessToken)).askLiveQuestion;
    const q2 = (await t.gqlOk<any>(ASK, { s: s.id, body: 'Is borax smelting safe indoors?' }, asker.accessToken)).askLiveQuestion;
    expect(q1).toMatchObject({ upvotes: 0, status: 'OPEN', viewerUpvoted: false });
    expect(codeOf(await t.gql(UPVOTE, { q: q1.id, u: true }, asker.accessToken))).toBe('FORBIDDEN');
    const sock = await sockets.connect(asker.accessToken);
    await sock.call('subscribe', { room: `session:${s.id}` });
    const voters = await Promise.all(Array.from({ length: 20 }, (_, i) => registerUser(t, `ls-voter${i}`)));
    await Promise.all(voters.map((v) => t.gqlOk(UPVOTE, { q: q2.id, u: true }, v.accessToken)));
    expect((await t.gqlOk<any>(UPVOTE, { q: q2.id, u: true }, voters[0].accessToken)).upvoteLiveQuestion).toEqual({ id: q2.id, upvotes: 20, viewerUpvoted: true });
    await t.gqlOk(UPVOTE, { q: q1.id, u: true }, voters[0].accessToken);
    const top = (await t.gqlOk<any>(QUESTIONS, { id: s.id, order: 'TOP' }, voters[0].accessToken)).liveSession.questions;
    expect(top.map((q: any) => [q.id, q.upvotes, q.viewerUpvoted])).toEqual([[q2.id, 20, true], [q1.id, 1, true]]);
    await sock.until(() => sock.events.filter((e) => e.type === 'live.question.updated').length === 21, '21 upvote events');
    expect(Math.max(...sock.events.filter((e) => e.type === 'live.question.updated').map((e) => e.data.upvotes))).toBe(20);
    expect((await t.gqlOk<any>(UPVOTE, { q: q1.id, u: false }, voters[0].accessToken)).upvoteLiveQuestion.upvotes).toBe(0);
    expect(codeOf(await t.gql(MODERATE, { q: q1.id, status: 'ANSWERED' }, asker.accessToken))).toBe('FORBIDDEN');
    expect((await t.gqlOk<any>(MODERATE, { q: q1.id, status: 'HIGHLIGHTED' }, host.accessToken)).moderateLiveQuestion.status).toBe('HIGHLIGHTED');
    const newest = (await t.gqlOk<any>(QUESTIONS, { id: s.id, order: 'NEWEST' }, voters[1].accessToken)).liveSession.questions;
    expect(newest.map((q: any) => q.id)).toEqual([q2.id, q1.id]);
  });

  it('ending archives into a thread of the topic with the same visibility: summary, answered questions with answers, unanswered listed; hosts and RSVPs notified; chat stays readable', async () => {
    const govHost = await registerUser(t, 'ls-govhost');
    await joinSector(t, admin, govHost, 'GOVERNMENT');
    await makeVerifiedExpert(t, govHost.id);
    const s = await schedule(t, govHost.accessToken, topic, { title: 'NAP drafting clinic', visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const official = await registerUser(t, 'ls-official');
    await joinSector(t, admin, official, 'GOVERNMENT');
    const ngo = await registerUser(t, 'ls-ngo');
    await joinSector(t, admin, ngo, 'NGO');
    await t.gqlOk(RSVP, { id: s.id, a: true }, official.accessToken);
    const answered = (await t.gqlOk<any>(ASK, { s: s.id, body: 'How do we baseline mercury use?' }, official.accessToken)).askLiveQuestion;
    const open = (await t.gqlOk<any>(ASK, { s: s.id, body: 'Who validates the NAP?' }, official.accessToken)).askLiveQuestion;
    const dismissed = (await t.gqlOk<any>(ASK, { s: s.id, body: 'Off topic: gold prices?' }, official.accessToken)).askLiveQuestion;
    await t.gqlOk(START, { id: s.id }, govHost.accessToken);
    await t.gqlOk(SEND, { s: s.id, body: 'Welcome, officials' }, govHost.accessToken);
    await t.gqlOk(MODERATE, { q: answered.id, status: 'ANSWERED', answer: 'Use the **UNEP baseline** guidance.' }, govHost.accessToken);
    await t.gqlOk(MODERATE, { q: dismissed.id, status: 'DISMISSED' }, govHost.accessToken);
    const ended = (await t.gqlOk<any>(END, { id: s.id, summary: 'We covered baselines and validation.' }, govHost.accessToken)).endLiveSession;
    const thread = ended.archiveThread;
    expect(thread.visibility).toEqual({ scope: 'SECTORS', sectors: ['GOVERNMENT'] });
    expect(thread.topic.id).toBe(topic);
    expect(thread.title).toBe('Live session: NAP drafting clinic');
    expect(thread.body).toContain('We covered baselines and validation.');
    expect(thread.body).toContain('How do we baseline mercury use?');
    expect(thread.body).toContain('Use the **UNEP baseline** guidance.');
    expect(thread.body).toMatch(/Unanswered questions \(1\)[\s\S]*Who validates the NAP\?/);
    expect(thread.body).not.toContain('gold prices');
    expect(thread.body.indexOf(answered.body)).toBeLessThan(thread.body.indexOf(open.body));
    // notified: the RSVP (the host ended it: not notified of their own action)
    expect((await sessionNotifications(t, official.accessToken)).find((n) => n.type === 'SESSION_ENDED')).toEqual({ type: 'SESSION_ENDED', session: { id: s.id, title: 'NAP drafting clinic' }, thread: { id: thread.id } });
    // the archive is readable by the sector, and chat stays readable
    expect((await t.gqlOk<any>(`query($id: ID!) { thread(id: $id) { id } }`, { id: thread.id }, official.accessToken)).thread).toEqual({ id: thread.id });
    expect((await t.gqlOk<any>(MESSAGES, { id: s.id }, official.accessToken)).liveSession.messages.map((m: any) => m.body)).toEqual(['Welcome, officials']);

    // sector visibility on every path for an outsider (NGO member) and anonymous
    for (const token of [ngo.accessToken, null]) {
      expect((await t.gqlOk<any>(SESSION, { id: s.id }, token)).liveSession).toBeNull();
      expect((await t.gqlOk<any>(`query($id: ID!) { node(id: $id) { id } }`, { id: s.id }, token)).node).toBeNull();
      const list = (await t.gqlOk<any>(SESSIONS, { first: 100 }, token)).liveSessions;
      expect(list.edges.map((e: any) => e.node.id)).not.toContain(s.id);
      expect((await t.gqlOk<any>(`query($id: ID!) { thread(id: $id) { id } }`, { id: thread.id }, token)).thread).toBeNull();
      const sock = await sockets.connect(token);
      expect(await sock.call('subscribe', { room: `session:${s.id}` })).toEqual({ ok: false, error: 'NOT_FOUND' });
    }
    expect(codeOf(await t.gql(RSVP, { id: s.id, a: true }, ngo.accessToken))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ASK, { s: s.id, body: 'let me in' }, ngo.accessToken))).toBe('NOT_FOUND');
    const officialList = (await t.gqlOk<any>(SESSIONS, { first: 100, status: 'ENDED' }, official.accessToken)).liveSessions;
    expect(officialList.edges.map((e: any) => e.node.id)).toContain(s.id);
  });

  it('notifications drop recipients who cannot see the session, and Notification.session is null once access is lost; the socket leaves the room at once', async () => {
    const s = await schedule(t, admin, topic, { title: 'Government-only briefing', visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    const official = await registerUser(t, 'ls-off2');
    const membership = await joinSector(t, admin, official, 'GOVERNMENT');
    await t.gqlOk(RSVP, { id: s.id, a: true }, official.accessToken);
    const sock = await sockets.connect(official.accessToken);
    expect(await sock.call('subscribe', { room: `session:${s.id}` })).toMatchObject({ ok: true });
    // membership ends: the socket is removed from the session room at once
    await t.gqlOk(DECIDE_MEMBERSHIP, { id: membership.membershipId, approve: false }, admin);
    await sock.call('unsubscribe', { room: 'noop' });
    expect(sock.unsubscribed).toEqual([{ room: `session:${s.id}`, error: 'NOT_FOUND' }]);
    // starting it notifies only those who may see it: the former official gets nothing
    await t.gqlOk(START, { id: s.id }, admin);
    expect(await sessionNotifications(t, official.accessToken)).toEqual([]);
    expect(sock.events.filter((e) => e.room === `session:${s.id}`)).toEqual([]);
  });

  it('retries of one message at once, over both paths: one message, one seq, and the next message follows without a gap', async () => {
    const s = await schedule(t, host.accessToken, topic);
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    const dana = await registerUser(t, 'ls-dana');
    const watcher = await sockets.connect(host.accessToken);
    expect(await watcher.call('subscribe', { room: `session:${s.id}` })).toMatchObject({ ok: true });
    const first = (await t.gqlOk<any>(SEND, { s: s.id, body: 'before' }, dana.accessToken)).sendLiveMessage;
    const body = 'sent five times';
    const danaSock = await sockets.connect(dana.accessToken);
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => t.gqlOk<any>(SEND, { s: s.id, body, key: 'retry-me' }, dana.accessToken).then((r) => r.sendLiveMessage)),
      ...Array.from({ length: 5 }, () => danaSock.call('live:message', { sessionId: s.id, body, idempotencyKey: 'retry-me' }).then((a: any) => a.message)),
    ]);
    expect(new Set(answers.map((a) => `${a.id}/${a.seq}`)).size).toBe(1);
    expect(answers[0].seq).toBe(first.seq + 1);
    const after = (await t.gqlOk<any>(SEND, { s: s.id, body: 'after' }, dana.accessToken)).sendLiveMessage;
    expect(after.seq).toBe(first.seq + 2);
    await watcher.until(() => watcher.events.some((e) => e.data.messageId === after.id), 'the message after');
    const pushed = watcher.events.filter((e) => e.type === 'live.message');
    expect(pushed.map((e) => [e.seq, e.data.messageId])).toEqual([[first.seq, first.id], [first.seq + 1, answers[0].id], [first.seq + 2, after.id]]);
    expect(pushed[1].data).toMatchObject({ body, author: { id: dana.id, handle: dana.handle } });
    expect((await t.gqlOk<any>(MESSAGES, { id: s.id, last: 10 }, host.accessToken)).liveSession.messages.map((m: any) => m.seq)).toEqual([first.seq, first.seq + 1, first.seq + 2]);
  });

  it('a chat message costs 2 SQL statements, none in a transaction of several: viewer, then the message with its seq and room event (the first of a session on an instance reads the session first: 3)', async () => {
    // Only the statements of the measured request are counted (not background jobs nor earlier after-commit work).
    const statements = sqlCounter(t);
    const s = await schedule(t, host.accessToken, topic);
    await t.gqlOk(START, { id: s.id }, host.accessToken);
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await statements('mutation($s: ID!, $body: String!) { sendLiveMessage(sessionId: $s, body: $body) { id seq } }', { s: s.id, body: `message ${i}` }, host.accessToken);
      expect(sent.data.sendLiveMessage.seq).toBeGreaterThan(0);
      counts.push(sent.statements);
    }
    // the session's facts are read once; the storing statement checks them again
    expect(counts).toEqual([3, 2, 2]);
  });
});

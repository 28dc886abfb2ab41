import { createThread, errorCode, reply, topicId } from '../support/forum';
import { adminToken, joinSector } from '../support/orgs';
import { startSmtp, TestSmtp } from '../support/smtp';
import { socketPool } from '../support/sockets';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { apply, ASK, verifiedExpert } from './experts.fixtures';

const INBOX = `{ notifications(first: 20) { edges { node { id type actor { id } thread { id } } } } }`;

describe('experts: askExpert (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let topic: string;
  let asker: TestUser;
  /** A pool of verified experts in the topic, for the limits. */
  const experts: { user: TestUser; profile: any }[] = [];
  const sockets = socketPool(() => t.baseUrl);

  const ask = (who: TestUser, threadId: string, expertId: string) => t.gql(ASK, { threadId, expertId }, who.accessToken);
  const question = (who: TestUser = asker, extra: Record<string, unknown> = {}) => createThread(t, who.accessToken, { topicId: topic, ...extra });

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(withAdmin({ SMTP_URL: smtp.url, MAIL_FROM: 'ASGM Exchange <mail@asgm.test>', WEB_APP_URL: 'https://exchange.example.org' }));
    admin = await adminToken(t);
    topic = await topicId(t, 'retorts');
    asker = await registerUser(t, 'ask-asker');
    for (let i = 0; i < 12; i++) experts.push(await verifiedExpert(t, admin, `ask-x${i}`, { topicIds: [topic] }));
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
    await smtp?.close();
  });

  it('notifies the expert with EXPERT_REQUEST: in-app, in real time, and by email', async () => {
    const [x] = experts;
    const socket = await sockets.connect(x.user.accessToken);
    const thread = await question(asker, { title: 'Which retort for 20 g batches?' });
    expect(await t.gqlOk(ASK, { threadId: thread.id, expertId: x.profile.id }, asker.accessToken)).toEqual({ askExpert: true });
    // (the expert's inbox also holds the EXPERT_REVIEW of their verification)
    const inbox = (await t.gqlOk(INBOX, {}, x.user.accessToken)).notifications.edges.map((e: any) => e.node);
    expect(inbox.filter((n: any) => n.type === 'EXPERT_REQUEST')).toEqual([{ id: expect.any(String), type: 'EXPERT_REQUEST', actor: { id: asker.id }, thread: { id: thread.id } }]);
    const isRequest = (e: { type: string; data: any }) => e.type === 'notification.created' && e.data.type === 'EXPERT_REQUEST';
    await socket.until(() => socket.events.some(isRequest));
    expect(socket.events.find(isRequest)).toMatchObject({ room: `user:${x.user.id}`, data: { threadId: thread.id, actorId: asker.id } });
    const isRequestMail = (m: { to: string[]; subject: string }) => m.to.includes(x.user.email) && m.subject.includes('asked for your expertise');
    await smtp.until((mails) => mails.some(isRequestMail), 'the EXPERT_REQUEST email');
    const mail = smtp.mails.find(isRequestMail)!;
    expect(mail.subject).toContain('asked for your expertise in “Which retort for 20 g batches?”');
    expect(mail.text).toContain(`https://exchange.example.org/threads/${thread.id}`);
    const [row] = await t.db.query(`SELECT thread_id, expert_id, asker_id, first_reply_at FROM expert_asks WHERE thread_id = $1`, [thread.id]);
    expect(row).toEqual({ thread_id: thread.id, expert_id: x.user.id, asker_id: asker.id, first_reply_at: null });
    // the expert's first reply in the thread is recorded (responsiveness); later replies change nothing
    await reply(t, x.user.accessToken, { threadId: thread.id });
    const [{ first_reply_at }] = await t.db.query<{ first_reply_at: Date }>(`SELECT first_reply_at FROM expert_asks WHERE thread_id = $1`, [thread.id]);
    expect(first_reply_at).toBeInstanceOf(Date);
    await reply(t, x.user.accessToken, { threadId: thread.id });
    expect((await t.db.query<{ first_reply_at: Date }>(`SELECT first_reply_at FROM expert_asks WHERE thread_id = $1`, [thread.id]))[0].first_reply_at).toEqual(first_reply_at);
  });

  it('takes the profile id or the user id; asking the same expert twice about one thread is CONFLICT', async () => {
    const thread = await question();
    const [, x] = experts;
    expect((await ask(asker, thread.id, x.user.id)).data).toEqual({ askExpert: true });
    expect(errorCode(await ask(asker, thread.id, x.profile.id))).toBe('CONFLICT');
    const other = await registerUser(t, 'ask-other');
    expect(errorCode(await ask(other, thread.id, x.user.id))).toBe('CONFLICT');
  });

  it('at most 3 asks per thread in 24 hours (RATE_LIMITED with retryAfterSeconds), whoever asks; also under concurrency', async () => {
    const thread = await question();
    const helper = await registerUser(t, 'ask-helper');
    expect((await ask(asker, thread.id, experts[0].profile.id)).data).toEqual({ askExpert: true });
    expect((await ask(helper, thread.id, experts[1].profile.id)).data).toEqual({ askExpert: true });
    expect((await ask(asker, thread.id, experts[2].profile.id)).data).toEqual({ askExpert: true });
    const refused = await ask(helper, thread.id, experts[3].profile.id);
    expect(errorCode(refused)).toBe('RATE_LIMITED');
    const retry = refused.errors![0].extensions.retryAfterSeconds as number;
    expect(retry).toBeGreaterThan(24 * 3600 - 120);
    expect(retry).toBeLessThanOrEqual(24 * 3600);
    // once the oldest ask is 24 hours old, the thread may have another one
    await t.db.query(`UPDATE expert_asks SET created_at = now() - interval '23 hours 59 minutes' WHERE thread_id = $1 AND expert_id = $2`, [thread.id, experts[0].user.id]);
    const soon = await ask(helper, thread.id, experts[3].profile.id);
    expect(errorCode(soon)).toBe('RATE_LIMITED');
    expect(soon.errors![0].extensions.retryAfterSeconds).toBeLessThanOrEqual(61);
    await t.db.query(`UPDATE expert_asks SET created_at = now() - interval '25 hours' WHERE thread_id = $1 AND expert_id = $2`, [thread.id, experts[0].user.id]);
    expect((await ask(helper, thread.id, experts[3].profile.id)).data).toEqual({ askExpert: true });

    const busy = await question();
    const askers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => registerUser(t, `ask-c${i}`)));
    const results = await Promise.all(askers.map((a, i) => ask(a, busy.id, experts[4 + i].profile.id)));
    expect(results.filter((r) => r.data?.askExpert === true)).toHaveLength(3);
    expect(results.filter((r) => errorCode(r) === 'RATE_LIMITED')).toHaveLength(3);
  });

  it('at most 10 asks per asker in 24 hours (RATE_LIMITED with retryAfterSeconds), exact under concurrency; with RATE_LIMITS_ENABLED=false only the per-thread rule holds', async () => {
    const daily = await registerUser(t, 'ask-daily');
    const threads = await Promise.all(Array.from({ length: 12 }, () => question()));
    const results = await Promise.all(threads.map((th, i) => ask(daily, th.id, experts[i].profile.id)));
    expect(results.filter((r) => r.data?.askExpert === true)).toHaveLength(10);
    const refused = results.filter((r) => errorCode(r) === 'RATE_LIMITED');
    expect(refused).toHaveLength(2);
    expect(refused[0].errors![0].extensions.retryAfterSeconds).toBeGreaterThan(24 * 3600 - 120);

    const relaxed = await startAppOn(t.db, { RATE_LIMITS_ENABLED: 'false', SEED_DEMO: 'false' });
    try {
      const extra = await question();
      const lifted = await relaxed.gql(ASK, { threadId: extra.id, expertId: experts[11].profile.id }, daily.accessToken);
      expect(lifted.data).toEqual({ askExpert: true });
      const full = await question();
      for (const i of [0, 1, 2]) expect((await relaxed.gql(ASK, { threadId: full.id, expertId: experts[i].profile.id }, daily.accessToken)).data).toEqual({ askExpert: true });
      expect(errorCode(await relaxed.gql(ASK, { threadId: full.id, expertId: experts[3].profile.id }, daily.accessToken))).toBe('RATE_LIMITED');
      expect(errorCode(await relaxed.gql(ASK, { threadId: full.id, expertId: experts[0].profile.id }, daily.accessToken))).toBe('CONFLICT');
    } finally {
      await relaxed.close();
    }
  });

  it('refuses what cannot be asked: the asker cannot see the thread (NOT_FOUND), the expert cannot see it (BAD_USER_INPUT), and the rest', async () => {
    const gov = await registerUser(t, 'ask-gov');
    await joinSector(t, admin, gov, 'GOVERNMENT');
    const govExpert = await verifiedExpert(t, admin, 'ask-govx', { topicIds: [topic] });
    await joinSector(t, admin, govExpert.user, 'GOVERNMENT');
    const restricted = await question(gov, { visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
    // the asker may not see the thread: as if it did not exist
    expect(errorCode(await ask(asker, restricted.id, govExpert.profile.id))).toBe('NOT_FOUND');
    expect(errorCode(await ask(asker, '00000000-0000-4000-8000-000000000000', govExpert.profile.id))).toBe('NOT_FOUND');
    // the expert may not see it: refused, and never notified
    const outsider = experts[5];
    const res = await ask(gov, restricted.id, outsider.profile.id);
    expect(errorCode(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0].message).toMatch(/cannot see the thread/);
    expect((await t.gqlOk(ASK, { threadId: restricted.id, expertId: govExpert.profile.id }, gov.accessToken)).askExpert).toBe(true);
    expect(await t.db.query(`SELECT expert_id FROM expert_asks WHERE thread_id = $1`, [restricted.id])).toEqual([{ expert_id: govExpert.user.id }]);
    const notified = await t.db.query(`SELECT recipient_id FROM notifications WHERE thread_id = $1 AND type = 'EXPERT_REQUEST'`, [restricted.id]);
    expect(notified).toEqual([{ recipient_id: govExpert.user.id }]);

    const thread = await question();
    const [x] = experts;
    // oneself; the question's author; a profile that is not VERIFIED (not visible to others); not available; suspended
    expect(errorCode(await ask(x.user, thread.id, x.profile.id))).toBe('BAD_USER_INPUT');
    const byExpert = await question(x.user);
    expect(errorCode(await ask(asker, byExpert.id, x.profile.id))).toBe('BAD_USER_INPUT');
    const pending = await registerUser(t, 'ask-pending');
    const pendingProfile = await apply(t, pending, { topicIds: [topic] });
    expect(errorCode(await ask(asker, thread.id, pendingProfile.id))).toBe('NOT_FOUND');
    expect(errorCode(await ask(asker, thread.id, pending.id))).toBe('NOT_FOUND');
    expect(errorCode(await ask(asker, thread.id, asker.id))).toBe('NOT_FOUND');
    const away = await verifiedExpert(t, admin, 'ask-away', { topicIds: [topic], availableForQuestions: false });
    expect(errorCode(await ask(asker, thread.id, away.profile.id))).toBe('BAD_USER_INPUT');
    const suspended = await verifiedExpert(t, admin, 'ask-susp', { topicIds: [topic] });
    await t.db.query(`UPDATE users SET suspended_until = now() + interval '1 day' WHERE id = $1`, [suspended.user.id]);
    expect(errorCode(await ask(asker, thread.id, suspended.profile.id))).toBe('BAD_USER_INPUT');
    // only QUESTION threads; locked threads cannot be answered
    const discussion = await question(asker, { kind: 'DISCUSSION' });
    expect(errorCode(await ask(asker, discussion.id, x.profile.id))).toBe('BAD_USER_INPUT');
    const locked = await question();
    await t.db.query(`UPDATE threads SET locked = true WHERE id = $1`, [locked.id]);
    expect(errorCode(await ask(asker, locked.id, experts[1].profile.id))).toBe('LOCKED');
    // malformed ids and anonymous callers
    expect(errorCode(await ask(asker, 'nope', x.profile.id))).toBe('BAD_USER_INPUT');
    expect(errorCode(await t.gql(ASK, { threadId: thread.id, expertId: x.profile.id }))).toBe('UNAUTHENTICATED');
    // none of the refusals stored an ask
    expect(await t.db.query(`SELECT 1 FROM expert_asks WHERE thread_id = ANY($1::uuid[])`, [[thread.id, byExpert.id, discussion.id, locked.id]])).toEqual([]);
  });
});

import { NotificationMailerService } from '../../src/notifications/notification-mailer.service';
import { ACCEPT_ANSWER as ACCEPT, DECIDE_MEMBERSHIP as DECIDE, EDIT_POST as EDIT, REQUEST_MEMBERSHIP, WATCH_THREAD as WATCH } from '../support/documents';
import { createThread, reply, topicId } from '../support/forum';
import { adminToken, createOrganization, joinOrganization, joinSector } from '../support/orgs';
import { startSmtp, TestSmtp } from '../support/smtp';
import { socketPool } from '../support/sockets';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

const NOTIFICATIONS = `query($unreadOnly: Boolean, $first: Int, $after: String) {
  notifications(unreadOnly: $unreadOnly, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id type readAt createdAt actor { id handle } thread { id title } post { id body } membership { id status } } }
  } }`;
const UNREAD = `{ unreadNotificationCount }`;
const MARK = `mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`;
const SETTINGS = `{ notificationSettings { emailMode } }`;
const UPDATE_SETTINGS = `mutation($mode: EmailNotificationMode!) { updateNotificationSettings(emailMode: $mode) { emailMode } }`;

type Node = { id: string; type: string; readAt: string | null; actor: { id: string } | null; thread: { id: string; title: string } | null; post: { id: string; body: string } | null; membership: { id: string; status: string } | null };

describe('notifications (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let topic: string;
  const sockets = socketPool(() => t.baseUrl);

  const list = async (user: TestUser, vars: Record<string, unknown> = {}): Promise<Node[]> =>
    (await t.gqlOk(NOTIFICATIONS, vars, user.accessToken)).notifications.edges.map((e: { node: Node }) => e.node);
  const unread = async (user: TestUser): Promise<number> => (await t.gqlOk(UNREAD, {}, user.accessToken)).unreadNotificationCount;
  const mailsTo = (user: TestUser) => smtp.mails.filter((m) => m.to.includes(user.email));
  const emailState = async (notificationId: string) =>
    (await t.db.query<{ email_state: string; email_attempts: number }>('SELECT email_state, email_attempts FROM notifications WHERE id = $1', [notificationId]))[0];
  // The SMTP server has the mail before the sender has recorded it as sent: wait for the rows to leave the in-flight states.
  const settled = async <T extends { email_state: string }>(read: () => Promise<T[]>): Promise<T[]> => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const rows = await read();
      if (rows.every((r) => r.email_state !== 'SENDING' && r.email_state !== 'PENDING') || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const settledEmailState = async (notificationId: string) => (await settled(async () => [await emailState(notificationId)]))[0];

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(
      withAdmin({ SMTP_URL: smtp.url, MAIL_FROM: 'ASGM Exchange <mail@asgm.test>', RATE_LIMITS_ENABLED: 'false', MAIL_RETRY_SECONDS: '1', WEB_APP_URL: 'https://exchange.example.org' }),
    );
    admin = await adminToken(t);
    topic = await topicId(t);
  });

  afterAll(async () => {
    sockets.closeAll();
    await t?.close();
    await smtp?.close();
  });

  describe('REPLY', () => {
    it('notifies the thread author and watchers and the replied-to author, never the actor; in real time and by email', async () => {
      const alice = await registerUser(t, 'n-alice');
      const bob = await registerUser(t, 'n-bob');
      const carol = await registerUser(t, 'n-carol');
      const thread = await createThread(t, alice.accessToken, { topicId: topic, title: 'Retorts <b>&</b> "fumes" in Kenya' });
      await t.gqlOk(WATCH, { id: thread.id, w: true }, carol.accessToken);
      const aliceSocket = await sockets.connect(alice.accessToken);

      const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Use a <retort> & a fume hood.' });
      const forAlice = await list(alice);
      expect(forAlice).toEqual([
        expect.objectContaining({ type: 'REPLY', readAt: null, actor: expect.objectContaining({ id: bob.id }), thread: { id: thread.id, title: thread.title }, post: { id: post.id, body: post.body }, membership: null }),
      ]);
      expect((await list(carol)).map((n) => n.type)).toEqual(['REPLY']);
      expect(await list(bob)).toEqual([]);
      expect(await unread(alice)).toBe(1);

      // pushed to user:<alice> as a durable, replayable room event
      await aliceSocket.until(() => aliceSocket.events.some((e) => e.type === 'notification.created'));
      const pushed = aliceSocket.events.find((e) => e.type === 'notification.created')!;
      expect(pushed).toMatchObject({ room: `user:${alice.id}`, seq: 1, data: { id: forAlice[0].id, type: 'REPLY', threadId: thread.id, postId: post.id, actorId: bob.id } });
      expect(pushed.data).not.toHaveProperty('actor');
      const later = await sockets.connect(alice.accessToken);
      expect(await later.call('subscribe', { room: `user:${alice.id}`, lastSeq: 0 })).toEqual({ ok: true, seq: 1 });
      expect(later.events.map((e) => e.data.id)).toEqual([forAlice[0].id]);

      // replying to a post notifies that post's author
      const dave = await registerUser(t, 'n-dave');
      const parent = await reply(t, dave.accessToken, { threadId: thread.id, body: 'What about gravity?' });
      await reply(t, bob.accessToken, { threadId: thread.id, body: 'Gravity first.', parentId: parent.id });
      expect((await list(dave)).map((n) => n.type)).toEqual(['REPLY']);

      // instant email (INSTANT is the default), user content escaped in HTML
      await smtp.until(() => mailsTo(alice).length >= 1, 'mail to alice');
      const mail = mailsTo(alice)[0];
      expect(mail.from).toBe('mail@asgm.test');
      expect(mail.subject).toBe(`ASGM Exchange: Test ${bob.handle} replied in “Retorts <b>&</b> "fumes" in Kenya”`);
      expect(mail.text).toContain('“Use a <retort> & a fume hood.”');
      expect(mail.text).toContain(`https://exchange.example.org/threads/${thread.id}#post-${post.id}`);
      expect(mail.html).toContain('Retorts &lt;b&gt;&amp;&lt;/b&gt; &quot;fumes&quot;');
      expect(mail.html).toContain('Use a &lt;retort&gt; &amp; a fume hood.');
      expect(mail.html).not.toContain('<retort>');
      expect(await settledEmailState(forAlice[0].id)).toEqual({ email_state: 'SENT', email_attempts: 1 });
    });
  });

  describe('MENTION and ANSWER_ACCEPTED', () => {
    it('notifies a mentioned user once per post, even after edits', async () => {
      const alice = await registerUser(t, 'm-alice');
      const bob = await registerUser(t, 'm-bob');
      const erin = await registerUser(t, 'm-erin');
      const thread = await createThread(t, alice.accessToken, { topicId: topic });
      const post = await reply(t, bob.accessToken, { threadId: thread.id, body: `Ask @${erin.handle} about cyanide.` });
      await t.gqlOk(EDIT, { id: post.id, body: `Ask @${erin.handle} (and me) about cyanide leaching.` }, bob.accessToken);
      const forErin = await list(erin);
      expect(forErin.map((n) => [n.type, n.post?.id])).toEqual([['MENTION', post.id]]);
      // the thread author gets the reply, not a mention; the actor mentioning themself gets nothing
      await reply(t, bob.accessToken, { threadId: thread.id, body: `Note to self @${bob.handle}` });
      expect((await list(alice)).map((n) => n.type)).toEqual(['REPLY', 'REPLY']);
      expect(await list(bob)).toEqual([]);

      // a mention in a new thread's body: the thread, no post
      const announced = await createThread(t, alice.accessToken, { topicId: topic, body: `Welcome @${erin.handle}!` });
      expect((await list(erin))[0]).toMatchObject({ type: 'MENTION', thread: { id: announced.id }, post: null, actor: { id: alice.id } });
    });

    it('notifies the author of the accepted answer', async () => {
      const alice = await registerUser(t, 'a-alice');
      const bob = await registerUser(t, 'a-bob');
      const thread = await createThread(t, alice.accessToken, { topicId: topic, kind: 'QUESTION' });
      const answer = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Borax direct smelting.' });
      await t.gqlOk(ACCEPT, { id: answer.id }, alice.accessToken);
      const forBob = await list(bob);
      expect(forBob.map((n) => [n.type, n.actor?.id, n.thread?.id, n.post?.id])).toEqual([['ANSWER_ACCEPTED', alice.id, thread.id, answer.id]]);
      await smtp.until(() => mailsTo(bob).length === 1, 'mail to bob');
      expect(mailsTo(bob)[0].subject).toContain(`Test ${alice.handle} accepted your answer in`);
    });
  });

  describe('MEMBERSHIP', () => {
    it('notifies the requester of the decision, with the membership', async () => {
      const user = await registerUser(t, 'mb-user');
      const membership = await joinSector(t, admin, user, 'NGO');
      const forUser = await list(user);
      expect(forUser).toEqual([expect.objectContaining({ type: 'MEMBERSHIP', membership: { id: membership.membershipId, status: 'APPROVED' }, thread: null, post: null })]);
      await smtp.until(() => mailsTo(user).length === 1, 'membership mail');
      expect(mailsTo(user)[0].subject).toMatch(/Your membership of Test NGO organization \w+ is approved/);
    });

    it("notifies an organization's admins of a new request, which they may see", async () => {
      const orgAdmin = await registerUser(t, 'mb-oa');
      const org = await createOrganization(t, admin, 'IGO');
      await joinOrganization(t, admin, orgAdmin, org.id, 'ORG_ADMIN');
      const applicant = await registerUser(t, 'mb-app');
      const requested = await t.gqlOk(REQUEST_MEMBERSHIP, { id: org.id }, applicant.accessToken);
      const [latest] = await list(orgAdmin);
      expect(latest).toMatchObject({ type: 'MEMBERSHIP', actor: { id: applicant.id }, membership: { id: requested.requestMembership.id, status: 'PENDING' } });
      await smtp.until(() => mailsTo(orgAdmin).some((m) => m.subject === `ASGM Exchange: Test ${applicant.handle} asked to join ${org.name}`), 'request mail');
      expect(await list(applicant)).toEqual([]);
    });
  });

  describe('visibility', () => {
    it('never notifies about content the recipient may not see, and hides what they can no longer see', async () => {
      const official = await registerUser(t, 'v-gov');
      const outsider = await registerUser(t, 'v-out');
      const membership = await joinSector(t, admin, official, 'GOVERNMENT');
      const thread = await createThread(t, admin, { topicId: topic, visibility: { scope: 'SECTORS', sectors: ['GOVERNMENT'] } });
      await t.gqlOk(WATCH, { id: thread.id, w: true }, official.accessToken);
      const before = await list(official);
      // The outsider is mentioned but may not see the thread: no notification, no email.
      await reply(t, admin, { threadId: thread.id, body: `Seizures of smuggled mercury. cc @${outsider.handle} @${official.handle}` });
      expect(await list(outsider)).toEqual([]);
      const now = await list(official);
      expect(now.length - before.length).toBe(2); // REPLY (watcher) and MENTION
      expect(now.slice(0, 2).every((n) => n.thread?.id === thread.id && n.post)).toBe(true);

      // Once the official's membership ends, the notifications stay but what they are about is hidden.
      await t.gqlOk(DECIDE, { id: membership.membershipId, approve: false }, admin);
      const after = await list(official);
      expect(after.filter((n) => n.type !== 'MEMBERSHIP').map((n) => [n.type, n.actor, n.thread, n.post])).toEqual([
        [expect.any(String), null, null, null],
        [expect.any(String), null, null, null],
      ]);
    });
  });

  describe('listing and marking read', () => {
    it('pages, filters unread, counts, and marks read by ids or all', async () => {
      const alice = await registerUser(t, 'l-alice');
      const bob = await registerUser(t, 'l-bob');
      const thread = await createThread(t, alice.accessToken, { topicId: topic });
      for (let i = 0; i < 5; i++) await reply(t, bob.accessToken, { threadId: thread.id, body: `reply ${i}` });
      const page1 = (await t.gqlOk(NOTIFICATIONS, { first: 2 }, alice.accessToken)).notifications;
      expect(page1.totalCount).toBe(5);
      expect(page1.pageInfo.hasNextPage).toBe(true);
      const page2 = (await t.gqlOk(NOTIFICATIONS, { first: 10, after: page1.pageInfo.endCursor }, alice.accessToken)).notifications;
      expect(page2.edges.length).toBe(3);
      const all = [...page1.edges, ...page2.edges].map((e: { node: Node }) => e.node);
      expect(new Set(all.map((n) => n.id)).size).toBe(5);
      expect(all.map((n) => n.post?.body)).toEqual(['reply 4', 'reply 3', 'reply 2', 'reply 1', 'reply 0']);
      expect((await t.gql(NOTIFICATIONS, { first: 101 }, alice.accessToken)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

      expect((await t.gqlOk(MARK, { ids: [all[0].id, all[1].id] }, alice.accessToken)).markNotificationsRead).toBe(2);
      expect((await t.gqlOk(MARK, { ids: [all[0].id] }, alice.accessToken)).markNotificationsRead).toBe(0);
      // someone else's ids change nothing
      expect((await t.gqlOk(MARK, { ids: [all[2].id] }, bob.accessToken)).markNotificationsRead).toBe(0);
      expect(await unread(alice)).toBe(3);
      expect((await list(alice, { unreadOnly: true })).map((n) => n.id)).toEqual(all.slice(2).map((n) => n.id));
      expect((await t.gqlOk(MARK, { ids: null }, alice.accessToken)).markNotificationsRead).toBe(3);
      expect(await unread(alice)).toBe(0);
      expect((await list(alice)).every((n) => n.readAt !== null)).toBe(true);
    });

    it('requires signing in', async () => {
      for (const q of [NOTIFICATIONS, UNREAD, SETTINGS]) expect((await t.gql(q)).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect((await t.gql(MARK, { ids: null })).errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('email preferences', () => {
    it('OFF sends nothing; the setting is read back', async () => {
      const alice = await registerUser(t, 'o-alice');
      const bob = await registerUser(t, 'o-bob');
      expect((await t.gqlOk(SETTINGS, {}, alice.accessToken)).notificationSettings).toEqual({ emailMode: 'INSTANT' });
      expect((await t.gqlOk(UPDATE_SETTINGS, { mode: 'OFF' }, alice.accessToken)).updateNotificationSettings).toEqual({ emailMode: 'OFF' });
      expect((await t.gqlOk(SETTINGS, {}, alice.accessToken)).notificationSettings).toEqual({ emailMode: 'OFF' });
      const thread = await createThread(t, alice.accessToken, { topicId: topic });
      await reply(t, bob.accessToken, { threadId: thread.id });
      const [n] = await list(alice);
      expect(await emailState(n.id)).toEqual({ email_state: 'NONE', email_attempts: 0 });
      expect(mailsTo(alice)).toEqual([]);
      expect((await t.gql(UPDATE_SETTINGS, { mode: 'WEEKLY' }, alice.accessToken)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    });

    it('retries an instant email after a temporary SMTP failure', async () => {
      const alice = await registerUser(t, 'r-alice');
      const bob = await registerUser(t, 'r-bob');
      const thread = await createThread(t, alice.accessToken, { topicId: topic });
      // only alice's mail is refused: another mail sent meanwhile (a sign-up's) must not take the failure
      smtp.failTo = alice.email;
      smtp.failNext = 1;
      await reply(t, bob.accessToken, { threadId: thread.id, body: 'Try again later.' });
      await smtp.until(() => mailsTo(alice).length === 1, 'the retried mail');
      const [n] = await list(alice);
      expect(await settledEmailState(n.id)).toEqual({ email_state: 'SENT', email_attempts: 2 });
      smtp.failTo = null;
    });

    it('instant emails go out in batches (those of one transaction, and of transactions committed together), each once', async () => {
      const bob = await registerUser(t, 'b-bob');
      const author = await registerUser(t, 'b-author');
      const watchers = await Promise.all(Array.from({ length: 5 }, (_, i) => registerUser(t, `b-watcher${i}`)));
      const thread = await createThread(t, author.accessToken, { topicId: topic, title: 'Batch thread' });
      for (const w of watchers) await t.gqlOk(WATCH, { id: thread.id, w: true }, w.accessToken);
      const everyone = [author, ...watchers];
      const mailer = t.app.get(NotificationMailerService);
      const sendInstant = jest.spyOn(mailer, 'sendInstant');
      try {
        const post = await reply(t, bob.accessToken, { threadId: thread.id, body: 'Batched reply' });
        await smtp.until(() => everyone.every((u) => mailsTo(u).length === 1), 'a mail to the author and each watcher');
        const rows = await t.db.query<{ id: string }>(`SELECT id FROM notifications WHERE post_id = $1 ORDER BY id`, [post.id]);
        expect(rows).toHaveLength(6);
        // one claim for the six notifications of the reply
        expect(sendInstant).toHaveBeenCalledTimes(1);
        expect([...sendInstant.mock.calls[0][0]].sort()).toEqual(rows.map((r) => r.id).sort());
        for (const u of everyone) expect(mailsTo(u)[0].text).toContain('Batched reply');

        // notifications committed by two transactions within the batch window share one claim
        await t.db.query(`UPDATE notifications SET email_state = 'PENDING' WHERE post_id = $1`, [post.id]);
        sendInstant.mockClear();
        mailer.onCreated({ ids: rows.slice(0, 3).map((r) => r.id) });
        mailer.onCreated({ ids: rows.slice(3).map((r) => r.id) });
        await smtp.until(() => everyone.every((u) => mailsTo(u).length === 2), 'a second mail to each');
        expect(sendInstant).toHaveBeenCalledTimes(1);
        expect([...sendInstant.mock.calls[0][0]].sort()).toEqual(rows.map((r) => r.id).sort());
      } finally {
        sendInstant.mockRestore();
      }
      const states = await settled(() => t.db.query<{ email_state: string; email_attempts: number }>(`SELECT DISTINCT email_state, email_attempts FROM notifications WHERE actor_id = $1`, [bob.id]));
      expect(states).toEqual([{ email_state: 'SENT', email_attempts: 2 }]);
    });

    it('DAILY_DIGEST sends one email a day listing what waited, once even with two instances', async () => {
      const alice = await registerUser(t, 'd-alice');
      const bob = await registerUser(t, 'd-bob');
      await t.gqlOk(UPDATE_SETTINGS, { mode: 'DAILY_DIGEST' }, alice.accessToken);
      const first = await createThread(t, alice.accessToken, { topicId: topic, title: 'First digest thread' });
      const second = await createThread(t, alice.accessToken, { topicId: topic, title: 'Second digest thread' });
      await reply(t, bob.accessToken, { threadId: first.id, body: 'one' });
      await reply(t, bob.accessToken, { threadId: second.id, body: `two, @${alice.handle}` });
      const mailer = t.app.get(NotificationMailerService);
      // Not due yet: the day starts when DAILY_DIGEST is chosen.
      expect(await mailer.sendDigests()).toBe(0);
      await t.db.query(`UPDATE notification_settings SET last_digest_at = now() - interval '25 hours' WHERE user_id = $1`, [alice.id]);

      const other = await startAppOn(t.db, { SMTP_URL: smtp.url });
      try {
        const counts = await Promise.all([mailer.sendDigests(), other.app.get(NotificationMailerService).sendDigests(), mailer.sendDigests()]);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
      } finally {
        await other.close();
      }
      const digests = mailsTo(alice);
      expect(digests.length).toBe(1);
      expect(digests[0].subject).toBe('ASGM Exchange: your daily digest (3 notifications)');
      expect(digests[0].text).toContain(`Test ${bob.handle} replied in “First digest thread”`);
      expect(digests[0].text).toContain(`Test ${bob.handle} mentioned you in “Second digest thread”`);
      expect(digests[0].html).toContain('Second digest thread');
      // Sent once: the next run finds nothing due.
      expect(await mailer.sendDigests()).toBe(0);
      const states = await t.db.query<{ email_state: string }>('SELECT DISTINCT email_state FROM notifications WHERE recipient_id = $1', [alice.id]);
      expect(states).toEqual([{ email_state: 'SENT' }]);
    });
  });
});

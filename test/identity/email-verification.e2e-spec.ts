import { createHash } from 'node:crypto';
import { CREATE_THREAD, LOGIN, REQUEST_MEMBERSHIP, VOTE_POST } from '../support/documents';
import { createThread, errorCode, reply, setRole, threadInput, topicId } from '../support/forum';
import { adminToken, createOrganization } from '../support/orgs';
import { ASK, schedule, SEND, START } from '../live-sessions/live.fixtures';
import { startSmtp, TestSmtp } from '../support/smtp';
import { connectSocket } from '../support/sockets';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TEST_ADMIN, TestUser, withAdmin } from '../support/users';
import { ACCOUNT, RESEND, tokenMailedTo, VERIFY } from '../support/accounts';

/**
 * Issue 14, failure 2: anyone who scripted a sign-up read MEMBERS threads at once. Now a new
 * account (REQUIRE_EMAIL_VERIFICATION on, the default) reads PUBLIC only, on every path, and
 * contributes nothing until it follows the link mailed to it.
 */
describe('accounts: email verification (e2e)', () => {
  let t: TestApp;
  let smtp: TestSmtp;
  let admin: string;
  let topic: string;
  let publicThread: any;
  let membersThread: any;
  let post: any;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(withAdmin({ REQUIRE_EMAIL_VERIFICATION: 'true', SMTP_URL: smtp.url, WEB_APP_URL: 'https://app.example.org' }));
    admin = await adminToken(t);
    topic = await topicId(t);
    publicThread = await createThread(t, admin, { topicId: topic, title: 'Public retort thread', body: 'Open to all: mercury retort' });
    membersThread = await createThread(t, admin, { topicId: topic, title: 'Members retort thread', body: 'Members only: mercury retort', visibility: { scope: 'MEMBERS' } });
    post = await reply(t, admin, { threadId: publicThread.id, body: 'A public reply' });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  /** What an account sees of the two threads, through the item query, the list and search. */
  async function sightings(token: string): Promise<Record<string, unknown>> {
    const data = await t.gqlOk(
      `query($m: ID!, $p: ID!) { m: thread(id: $m) { id } p: thread(id: $p) { id }
         threads(first: 100) { totalCount edges { node { id } } } search(query: "mercury retort") { edges { node { thread { id } } } } }`,
      { m: membersThread.id, p: publicThread.id },
      token,
    );
    const listed = data.threads.edges.map((e: any) => e.node.id);
    const found = data.search.edges.map((e: any) => e.node.thread.id);
    return { item: !!data.m, public: !!data.p, listed: listed.includes(membersThread.id), found: found.includes(membersThread.id) };
  }

  it('a new account is unverified, gets a link by mail, and reads PUBLIC content only (item, list, search, socket)', async () => {
    const user = await registerUser(t, 'unv');
    expect((await t.gqlOk(`{ me { ${ACCOUNT} } }`, {}, user.accessToken)).me).toEqual({ email: user.email, emailVerified: false, pendingEmail: null });
    const mail = await tokenMailedTo(smtp, user.email);
    expect(mail.link).toBe(`https://app.example.org/verify-email?token=${mail.token}`);
    expect(await sightings(user.accessToken)).toEqual({ item: false, public: true, listed: false, found: false });
    const socket = await connectSocket(t.baseUrl, user.accessToken);
    try {
      expect(await socket.call('subscribe', { room: `thread:${membersThread.id}` })).toEqual({ ok: false, error: 'NOT_FOUND' });
      expect((await socket.call('subscribe', { room: `thread:${publicThread.id}` })).ok).toBe(true);
    } finally {
      socket.close();
    }
  });

  it('an unverified account cannot post, vote, flag, apply or ask as an expert, or request a membership: FORBIDDEN, EMAIL_NOT_VERIFIED', async () => {
    const user = await registerUser(t, 'unv-post');
    const org = await createOrganization(t, admin, 'NGO');
    const attempts = {
      createThread: await t.gql(CREATE_THREAD, { input: threadInput({ topicId: topic }) }, user.accessToken),
      postReply: await t.gql(`mutation($i: PostReplyInput!) { postReply(input: $i) { id } }`, { i: { threadId: publicThread.id, body: 'hello' } }, user.accessToken),
      votePost: await t.gql(VOTE_POST, { id: post.id, v: 1 }, user.accessToken),
      flagContent: await t.gql(`mutation($i: FlagContentInput!) { flagContent(input: $i) { id } }`, { i: { targetType: 'THREAD', targetId: publicThread.id, reason: 'OTHER' } }, user.accessToken),
      applyAsExpert: await t.gql(
        `mutation($i: ApplyAsExpertInput!) { applyAsExpert(input: $i) { status } }`,
        { i: { headline: 'Mercury capture engineer', bio: 'Ten years of retorts.', countries: ['GH'], languages: ['en'], topicIds: [topic] } },
        user.accessToken,
      ),
      askExpert: await t.gql(`mutation($e: ID!, $t: ID!) { askExpert(expertId: $e, threadId: $t) }`, { e: post.author.id, t: publicThread.id }, user.accessToken),
      requestMembership: await t.gql(REQUEST_MEMBERSHIP, { id: org.id }, user.accessToken),
    };
    for (const [operation, res] of Object.entries(attempts)) {
      expect({ operation, code: errorCode(res), reason: res.errors?.[0]?.extensions.reason }).toEqual({ operation, code: 'FORBIDDEN', reason: 'EMAIL_NOT_VERIFIED' });
    }
    const written = await t.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM threads WHERE author_id = $1) + (SELECT count(*) FROM posts WHERE author_id = $1) + (SELECT count(*) FROM post_votes WHERE user_id = $1)
            + (SELECT count(*) FROM memberships WHERE user_id = $1) + (SELECT count(*) FROM expert_profiles WHERE user_id = $1) AS n`,
      [user.id],
    );
    expect(Number(written[0].n)).toBe(0);
  });

  it('nor write in a live session: chat (GraphQL and socket), questions', async () => {
    const user = await registerUser(t, 'unv-live');
    const session = await schedule(t, admin, topic);
    await t.gqlOk(START, { id: session.id }, admin);
    for (const res of [await t.gql(SEND, { s: session.id, body: 'hello' }, user.accessToken), await t.gql(ASK, { s: session.id, body: 'why?' }, user.accessToken)]) {
      expect({ code: errorCode(res), reason: res.errors?.[0]?.extensions.reason }).toEqual({ code: 'FORBIDDEN', reason: 'EMAIL_NOT_VERIFIED' });
    }
    const socket = await connectSocket(t.baseUrl, user.accessToken);
    try {
      expect(await socket.call('live:message', { sessionId: session.id, body: 'hello' })).toMatchObject({ ok: false, error: 'FORBIDDEN' });
    } finally {
      socket.close();
    }
    expect(await t.db.query(`SELECT 1 FROM live_messages WHERE author_id = $1 UNION ALL SELECT 1 FROM live_questions WHERE author_id = $1`, [user.id])).toEqual([]);
  });

  it('verifyEmail with the mailed token verifies (once): MEMBERS content and posting open at once', async () => {
    const user = await registerUser(t, 'ver');
    const { token } = await tokenMailedTo(smtp, user.email);
    // only the hash is stored
    const stored = await t.db.query<{ token_hash: string }>(`SELECT token_hash FROM account_tokens WHERE user_id = $1`, [user.id]);
    expect(stored).toEqual([{ token_hash: createHash('sha256').update(token).digest('hex') }]);
    const verified = (await t.gqlOk(VERIFY, { token }, null)).verifyEmail;
    expect(verified.id).toBe(user.id);
    expect((await t.gqlOk(`{ me { ${ACCOUNT} } }`, {}, user.accessToken)).me.emailVerified).toBe(true);
    // the same access token: the viewer is read on every request
    expect(await sightings(user.accessToken)).toEqual({ item: true, public: true, listed: true, found: true });
    expect((await reply(t, user.accessToken, { threadId: membersThread.id, body: 'Now I may' })).id).toBeTruthy();
    // single use; unknown tokens alike
    for (const again of [token, 'not-a-token']) {
      const res = await t.gql(VERIFY, { token: again });
      expect({ code: errorCode(res), field: res.errors?.[0].extensions.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'token' });
    }
    expect((await t.gqlOk(RESEND, {}, user.accessToken)).resendVerificationEmail).toBe(false);
  });

  it('an expired link is refused; resendVerificationEmail mails a new one and the old one stops working', async () => {
    const user = await registerUser(t, 'exp');
    const first = await tokenMailedTo(smtp, user.email);
    await t.db.query(`UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect(errorCode(await t.gql(VERIFY, { token: first.token }))).toBe('BAD_USER_INPUT');
    expect((await t.gqlOk(RESEND, {}, user.accessToken)).resendVerificationEmail).toBe(true);
    const second = await tokenMailedTo(smtp, user.email, { except: [first.token] });
    expect((await t.gqlOk(RESEND, {}, user.accessToken)).resendVerificationEmail).toBe(true);
    const third = await tokenMailedTo(smtp, user.email, { except: [first.token, second.token] });
    expect(errorCode(await t.gql(VERIFY, { token: second.token }))).toBe('BAD_USER_INPUT');
    expect((await t.gqlOk(VERIFY, { token: third.token })).verifyEmail.id).toBe(user.id);
  });

  it('email and emailVerified: the user and staff see them, others get null', async () => {
    const user = await registerUser(t, 'priv');
    const other = await registerUser(t, 'priv-other');
    const q = `query($id: ID!) { node(id: $id) { ... on User { ${ACCOUNT} } } }`;
    expect((await t.gqlOk(q, { id: user.id }, other.accessToken)).node).toEqual({ email: null, emailVerified: null, pendingEmail: null });
    expect((await t.gqlOk(q, { id: user.id }, null)).node).toEqual({ email: null, emailVerified: null, pendingEmail: null });
    expect((await t.gqlOk(q, { id: user.id }, admin)).node).toEqual({ email: user.email, emailVerified: false, pendingEmail: null });
  });

  it('a role waits for the email too: an unverified ADMIN reads PUBLIC only and uses no ADMIN operation', async () => {
    const user = await registerUser(t, 'unv-adm');
    await setRole(t, user.id, 'ADMIN');
    expect(await sightings(user.accessToken)).toEqual({ item: false, public: true, listed: false, found: false });
    const res = await t.gql(`mutation { createTopic(input: { name: "Unverified topic", slug: "unverified-topic" }) { id } }`, {}, user.accessToken);
    expect({ code: errorCode(res), reason: res.errors?.[0]?.extensions.reason }).toEqual({ code: 'FORBIDDEN', reason: 'EMAIL_NOT_VERIFIED' });
  });

  it('the bootstrap admin is verified', async () => {
    const login = (await t.gqlOk(LOGIN, { input: TEST_ADMIN })).login;
    expect((await t.gqlOk(`{ me { ${ACCOUNT} } }`, {}, login.accessToken)).me).toEqual({ email: TEST_ADMIN.email, emailVerified: true, pendingEmail: null });
  });
});

describe('accounts: REQUIRE_EMAIL_VERIFICATION=false (e2e)', () => {
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    t = await startTestApp(withAdmin({ REQUIRE_EMAIL_VERIFICATION: 'false' }));
    user = await registerUser(t, 'noreq');
  });

  afterAll(async () => {
    await t?.close();
  });

  it('an unverified account reads MEMBERS content and posts; it is still shown unverified, and no mail token is issued', async () => {
    const admin = await adminToken(t);
    const thread = await createThread(t, admin, { topicId: await topicId(t), visibility: { scope: 'MEMBERS' } });
    expect((await t.gqlOk(`query($id: ID!) { thread(id: $id) { id } }`, { id: thread.id }, user.accessToken)).thread).toEqual({ id: thread.id });
    expect((await reply(t, user.accessToken, { threadId: thread.id })).id).toBeTruthy();
    expect((await t.gqlOk(`{ me { ${ACCOUNT} } }`, {}, user.accessToken)).me.emailVerified).toBe(false);
    expect(await t.db.query(`SELECT 1 FROM account_tokens WHERE user_id = $1`, [user.id])).toEqual([]);
  });
});

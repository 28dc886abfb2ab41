import { randomBytes } from 'node:crypto';
import { createThread, createThreadRaw, errorCode, reply, replyRaw, setRole, topicId } from '../support/forum';
import { adminToken, createOrganization, joinOrganization } from '../support/orgs';
import { GqlResult, startAppOn, startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';

/** The production values (testEnv turns the posting limits off for the rest of the suite). */
const PRODUCTION_LIMITS = { POST_INTERVAL_SECONDS: undefined, NEW_USER_POST_INTERVAL_SECONDS: undefined, DUPLICATE_POST_WINDOW_SECONDS: undefined, THREADS_PER_DAY: undefined };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unique = (what: string) => `${what} ${randomBytes(4).toString('hex')}`;

/** The refusal of a RATE_LIMITED answer: its message and retryAfterSeconds. */
function refusal(res: GqlResult): { message: string; retryAfterSeconds: number } {
  expect(errorCode(res)).toBe('RATE_LIMITED');
  const [error] = res.errors!;
  return { message: error.message, retryAfterSeconds: error.extensions.retryAfterSeconds as number };
}

/**
 * Posting limits (issue 12): 5 s between a user's posts (30 s without an approved membership),
 * at most 20 new threads in 24 hours, the same text refused for 5 minutes; RATE_LIMITED with
 * retryAfterSeconds; MODERATOR and ADMIN exempt; off with RATE_LIMITS_ENABLED=false; shared by
 * instances (Redis for the cooldowns, the threads table for the daily cap).
 */
describe('moderation: posting limits (e2e)', () => {
  /** Production values. */
  let t: TestApp;
  /** Short cooldowns, for the waiting parts: 1 s between posts, 2 s without a membership, same text for 2 s. */
  let quick: TestApp;
  /** No interval (20 threads fast); the duplicate window and the daily cap at their production values. */
  let burst: TestApp;
  let admin: string;
  let topic: string;
  let organizationId: string;
  /** A thread to reply in (by the ADMIN: exempt). */
  let thread: { id: string };

  /** A user with an APPROVED membership (the 5 s interval). */
  const member = async (prefix: string): Promise<TestUser> => {
    const user = await registerUser(t, prefix);
    await joinOrganization(t, admin, user, organizationId);
    return user;
  };
  const newThread = (app: TestApp, user: TestUser, extra: Record<string, unknown> = {}) =>
    createThreadRaw(app, user.accessToken, { topicId: topic, title: unique('Limits thread'), body: unique('A thread body'), ...extra });
  const replyTo = (app: TestApp, user: TestUser, extra: Record<string, unknown> = {}) =>
    replyRaw(app, user.accessToken, { threadId: thread.id, body: unique('A reply'), ...extra });

  beforeAll(async () => {
    t = await startTestApp(withAdmin(PRODUCTION_LIMITS));
    // short intervals for the waiting parts, long enough (3 s; 10 s for the newcomer interval and
    // the duplicate window) that a slow machine cannot outwait them between two requests of a test
    quick = await startAppOn(t.db, { ...PRODUCTION_LIMITS, POST_INTERVAL_SECONDS: '3', NEW_USER_POST_INTERVAL_SECONDS: '10', DUPLICATE_POST_WINDOW_SECONDS: '10' });
    burst = await startAppOn(t.db, { ...PRODUCTION_LIMITS, POST_INTERVAL_SECONDS: '0', NEW_USER_POST_INTERVAL_SECONDS: '0' });
    admin = await adminToken(t);
    topic = await topicId(t, 'retorts');
    organizationId = (await createOrganization(t, admin, 'NGO')).id;
    thread = await createThread(t, admin, { topicId: topic, title: 'Where the limits are tried', body: 'Replies go here.' });
  });

  afterAll(async () => {
    await burst?.close();
    await quick?.close();
    await t?.close();
  });

  it('runs with the production values: 5 s, 30 s without a membership, 20 threads a day, the same text for 300 s', () => {
    const c = t.config;
    expect([c.postIntervalSeconds, c.newUserPostIntervalSeconds, c.threadsPerDay, c.duplicatePostWindowSeconds, c.rateLimitsEnabled]).toEqual([5, 30, 20, 300, true]);
  });

  it('a second post within 5 s is refused (RATE_LIMITED, retryAfterSeconds 1..5, the limit named); a new thread counts as a post', async () => {
    const m = await member('pl-member');
    expect((await replyTo(t, m)).data?.postReply.id).toEqual(expect.any(String));
    const second = refusal(await replyTo(t, m));
    expect(second.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(second.retryAfterSeconds).toBeLessThanOrEqual(5);
    expect(second.message).toBe('Posting too fast: one post every 5 seconds.');
    // a thread is a post too, both ways
    const threadAfterReply = refusal(await newThread(t, m));
    expect(threadAfterReply.message).toMatch(/one post every 5 seconds/);
    const other = await member('pl-member2');
    expect((await newThread(t, other)).data?.createThread.id).toEqual(expect.any(String));
    expect(refusal(await replyTo(t, other)).retryAfterSeconds).toBeLessThanOrEqual(5);
    // nothing was written by the refused calls
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE author_id = ANY($1)`, [[m.id, other.id]]);
    expect(n).toBe(1);
  });

  it('accepted once the interval has passed (3 s configured)', async () => {
    const m = await member('pl-wait');
    expect((await replyTo(quick, m)).data?.postReply).toBeDefined();
    const refused = refusal(await replyTo(quick, m));
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(3);
    await sleep(refused.retryAfterSeconds * 1000 + 200);
    expect((await replyTo(quick, m)).data?.postReply).toBeDefined();
  });

  it('30 s without an approved membership, 5 s with one; an approved membership shortens the next interval', async () => {
    const newcomer = await registerUser(t, 'pl-new');
    const m = await member('pl-vouched');
    expect((await replyTo(t, newcomer)).data?.postReply).toBeDefined();
    expect((await replyTo(t, m)).data?.postReply).toBeDefined();
    const slow = refusal(await replyTo(t, newcomer));
    expect(slow.retryAfterSeconds).toBeGreaterThan(25);
    expect(slow.retryAfterSeconds).toBeLessThanOrEqual(30);
    expect(slow.message).toBe('Posting too fast: one post every 30 seconds until an organization approves your membership.');
    expect(refusal(await replyTo(t, m)).retryAfterSeconds).toBeLessThanOrEqual(5);

    // the waiting part with 3 s and 10 s: after 3.1 s the member posts, the newcomer still waits
    const quickNew = await registerUser(t, 'pl-qnew');
    const quickMember = await member('pl-qmember');
    expect((await replyTo(quick, quickNew)).data?.postReply).toBeDefined();
    expect((await replyTo(quick, quickMember)).data?.postReply).toBeDefined();
    await sleep(3100);
    expect((await replyTo(quick, quickMember)).data?.postReply).toBeDefined();
    const waiting = refusal(await replyTo(quick, quickNew)).retryAfterSeconds;
    expect(waiting).toBeGreaterThanOrEqual(1);
    expect(waiting).toBeLessThanOrEqual(7);
    await sleep(waiting * 1000 + 200);
    expect((await replyTo(quick, quickNew)).data?.postReply).toBeDefined();
    // once approved, the member interval applies from the next post on
    await joinOrganization(t, admin, quickNew, organizationId);
    await sleep(10200);
    expect((await replyTo(quick, quickNew)).data?.postReply).toBeDefined();
    await sleep(3100);
    expect((await replyTo(quick, quickNew)).data?.postReply).toBeDefined();
  });

  it('the same text by the same user within 5 minutes is refused, reply or thread; a different text is allowed; after the window it is accepted', async () => {
    const m = await member('pl-dup');
    const body = unique('Cool the retort fully before opening it.');
    expect((await replyTo(burst, m, { body })).data?.postReply).toBeDefined();
    // the same text up to case and white space, in the same thread or as a new thread
    const again = refusal(await replyTo(burst, m, { body: `  ${body.toUpperCase()}\n` }));
    expect(again.message).toBe('Duplicate post: you posted the same text less than 5 minutes ago. Change it, or wait.');
    expect(again.retryAfterSeconds).toBeGreaterThan(290);
    expect(again.retryAfterSeconds).toBeLessThanOrEqual(300);
    expect(refusal(await newThread(burst, m, { body })).message).toMatch(/Duplicate post/);
    expect((await replyTo(burst, m, { body: `${body} (and wear gloves)` })).data?.postReply).toBeDefined();
    // another user may post the same text
    expect((await replyTo(burst, await member('pl-dup2'), { body })).data?.postReply).toBeDefined();

    // after the window (10 s configured): the interval (3 s) has passed, the window has not
    const q = await member('pl-qdup');
    expect((await replyTo(quick, q, { body })).data?.postReply).toBeDefined();
    await sleep(3100);
    const duplicate = refusal(await replyTo(quick, q, { body }));
    expect(duplicate.message).toBe('Duplicate post: you posted the same text less than 10 seconds ago. Change it, or wait.');
    expect(duplicate.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(duplicate.retryAfterSeconds).toBeLessThanOrEqual(7);
    await sleep(duplicate.retryAfterSeconds * 1000 + 200);
    expect((await replyTo(quick, q, { body })).data?.postReply).toBeDefined();
  });

  it('at most 20 new threads in 24 hours: the 21st is refused (retryAfterSeconds until the oldest leaves the window), exact under concurrency', async () => {
    const m = await member('pl-daily');
    const made: string[] = [];
    for (let i = 0; i < 20; i++) made.push((await newThread(burst, m, { idempotencyKey: `daily-${i}` })).data!.createThread.id);
    const refused = refusal(await newThread(burst, m));
    expect(refused.message).toBe('Daily thread limit: at most 20 new threads in 24 hours.');
    expect(refused.retryAfterSeconds).toBeGreaterThan(24 * 3600 - 120);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(24 * 3600);
    // replies are not capped; a retry of the 20th thread is its replay, never refused
    expect((await replyTo(burst, m)).data?.postReply).toBeDefined();
    const retry = await burst.gql(
      `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
      { input: await threadInputOf(made[19]) },
      m.accessToken,
    );
    expect(retry.data?.createThread.id).toBe(made[19]);

    // rolling: backdate the threads; those older than 24 hours no longer count, and the wait is for the oldest that does
    await t.db.query(`UPDATE threads SET created_at = now() - interval '25 hours' WHERE id = ANY($1)`, [made.slice(0, 2)]);
    await t.db.query(`UPDATE threads SET created_at = now() - interval '23 hours' WHERE id = $1`, [made[2]]);
    const within = await Promise.all(Array.from({ length: 6 }, () => newThread(burst, m)));
    expect(within.filter((r) => r.data?.createThread)).toHaveLength(2);
    const late = within.filter((r) => errorCode(r) === 'RATE_LIMITED').map((r) => refusal(r).retryAfterSeconds);
    expect(late).toHaveLength(4);
    for (const s of late) {
      expect(s).toBeGreaterThan(3600 - 120);
      expect(s).toBeLessThanOrEqual(3600);
    }
  });

  it('a write that fails for another reason leaves no wait behind (NOT_FOUND, LOCKED, BAD_USER_INPUT, IDEMPOTENCY_CONFLICT)', async () => {
    const m = await member('pl-fail');
    expect(errorCode(await replyRaw(t, m.accessToken, { threadId: '00000000-0000-4000-8000-000000000000', body: unique('Lost') }))).toBe('NOT_FOUND');
    expect(errorCode(await newThread(t, m, { topicId: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    const locked = await createThread(t, admin, { topicId: topic, title: 'A locked thread', body: 'No more replies.' });
    await t.db.query(`UPDATE threads SET locked = true WHERE id = $1`, [locked.id]);
    expect(errorCode(await replyRaw(t, m.accessToken, { threadId: locked.id, body: 'Let me in' }))).toBe('LOCKED');
    expect(errorCode(await replyTo(t, m, { body: '   ' }))).toBe('BAD_USER_INPUT');
    // the text of the refused reply was not written, so it is not a duplicate either
    expect((await replyTo(t, m, { body: 'Let me in', idempotencyKey: 'fail-1' })).data?.postReply).toBeDefined();
    // a different payload under a used key: IDEMPOTENCY_CONFLICT, not RATE_LIMITED (a replay, not a post); the real post's interval still holds
    const other = await member('pl-fail2');
    expect((await replyTo(t, other, { idempotencyKey: 'k' })).data?.postReply).toBeDefined();
    expect(errorCode(await replyTo(t, other, { idempotencyKey: 'k', body: 'Something else' }))).toBe('IDEMPOTENCY_CONFLICT');
    expect(refusal(await replyTo(t, other)).retryAfterSeconds).toBeLessThanOrEqual(5);
  });

  it('an idempotent retry gets the original and is never refused, even concurrently', async () => {
    const m = await member('pl-idem');
    const first = (await replyTo(t, m, { body: 'Retried reply', idempotencyKey: 'idem-reply' })).data!.postReply;
    const again = await replyTo(t, m, { body: 'Retried reply', idempotencyKey: 'idem-reply' });
    expect(again.errors).toBeUndefined();
    expect(again.data!.postReply.id).toBe(first.id);

    const n = await member('pl-idem2');
    const input = { title: 'A retried thread', body: 'Retried thread body', idempotencyKey: 'idem-thread' };
    const created = (await newThread(t, n, input)).data!.createThread;
    expect((await newThread(t, n, input)).data?.createThread.id).toBe(created.id);

    // concurrent retries of one request: one post, the same answer for all
    const c = await member('pl-idem3');
    const all = await Promise.all(Array.from({ length: 5 }, () => replyTo(t, c, { body: 'Sent five times', idempotencyKey: 'idem-burst' })));
    expect(all.map((r) => r.errors)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect(new Set(all.map((r) => r.data!.postReply.id)).size).toBe(1);
  });

  it('a concurrent burst of 10 replies from one user: exactly one accepted', async () => {
    const m = await member('pl-burst');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => replyTo(t, m, { body: `Burst ${i}` })));
    expect(results.filter((r) => r.data?.postReply)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'RATE_LIMITED')).toHaveLength(9);
    const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE author_id = $1`, [m.id]);
    expect(n).toBe(1);
  });

  it('MODERATOR and ADMIN are exempt', async () => {
    const moderator = await registerUser(t, 'pl-mod');
    await setRole(t, moderator.id, 'MODERATOR');
    for (const token of [moderator.accessToken, admin]) {
      for (let i = 0; i < 3; i++) expect((await reply(t, token, { threadId: thread.id, body: 'Staff say this again and again' })).id).toEqual(expect.any(String));
    }
    for (let i = 0; i < 21; i++) expect((await newThread(burst, moderator)).data?.createThread).toBeDefined();
  });

  it('RATE_LIMITS_ENABLED=false lets everything through', async () => {
    const relaxed = await startAppOn(t.db, { ...PRODUCTION_LIMITS, RATE_LIMITS_ENABLED: 'false' });
    try {
      const newcomer = await registerUser(t, 'pl-relaxed');
      for (let i = 0; i < 3; i++) expect((await replyTo(relaxed, newcomer, { body: 'Same text, no wait' })).data?.postReply).toBeDefined();
      for (let i = 0; i < 21; i++) expect((await newThread(relaxed, newcomer)).data?.createThread).toBeDefined();
      // the same user on an instance with the limits on
      expect(refusal(await newThread(burst, newcomer)).message).toMatch(/Daily thread limit/);
    } finally {
      await relaxed.close();
    }
  });

  it('instances share the limits: the interval through Redis when REDIS_URL is set, the daily cap through the database', async () => {
    const redisUrl = process.env.REDIS_URL;
    // members wait 5 s; newcomers not at all here, so that the daily cap can be reached fast
    const env = { ...PRODUCTION_LIMITS, NEW_USER_POST_INTERVAL_SECONDS: '0', REDIS_URL: redisUrl, RATE_LIMIT_KEY_PREFIX: `test:${randomBytes(6).toString('hex')}` };
    const a = await startAppOn(t.db, env);
    const b = await startAppOn(t.db, env);
    try {
      const m = await member('pl-two');
      expect((await replyTo(a, m)).data?.postReply).toBeDefined();
      if (redisUrl) {
        expect(refusal(await replyTo(b, m)).retryAfterSeconds).toBeLessThanOrEqual(5);
        // a burst spread over both instances: exactly one accepted
        const spread = await member('pl-spread');
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => replyTo(i % 2 ? a : b, spread, { body: `Spread ${i}` })));
        expect(results.filter((r) => r.data?.postReply)).toHaveLength(1);
        expect(results.filter((r) => errorCode(r) === 'RATE_LIMITED')).toHaveLength(9);
        // the same text on the other instance
        const dup = await registerUser(t, 'pl-twodup');
        expect((await replyTo(a, dup, { body: 'Said once on A' })).data?.postReply).toBeDefined();
        expect(refusal(await replyTo(b, dup, { body: 'Said once on A' })).message).toMatch(/Duplicate post/);
      } else {
        // in memory each instance holds its own cooldowns
        expect((await replyTo(b, m)).data?.postReply).toBeDefined();
      }

      // the daily cap: 10 threads on each instance, then the 21st is refused on both, exact under concurrency
      const author = await registerUser(t, 'pl-twocap');
      for (let i = 0; i < 9; i++) {
        expect((await newThread(a, author)).data?.createThread).toBeDefined();
        expect((await newThread(b, author)).data?.createThread).toBeDefined();
      }
      const race = await Promise.all(Array.from({ length: 6 }, (_, i) => newThread(i % 2 ? a : b, author)));
      expect(race.filter((r) => r.data?.createThread)).toHaveLength(2);
      expect(race.filter((r) => errorCode(r) === 'RATE_LIMITED')).toHaveLength(4);
      expect(refusal(await newThread(a, author)).message).toMatch(/Daily thread limit/);
      expect(refusal(await newThread(b, author)).message).toMatch(/Daily thread limit/);
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM threads WHERE author_id = $1`, [author.id]);
      expect(n).toBe(20);
    } finally {
      await b.close();
      await a.close();
    }
  });

  /** The createThread input that made a thread with `daily-<i>` (to retry it): read back from the row. */
  async function threadInputOf(id: string): Promise<Record<string, unknown>> {
    const [row] = await t.db.query<{ kind: string; title: string; body: string; idempotency_key: string }>(
      `SELECT kind, title, body, idempotency_key FROM threads WHERE id = $1`,
      [id],
    );
    return { kind: row.kind, title: row.title, body: row.body, topicId: topic, idempotencyKey: row.idempotency_key };
  }
});

import { ThreadWriteQueue } from '../../src/forum/threads/thread-write-queue';
import { VOTE_POST as VOTE } from '../support/documents';
import { createThread, reply, replyRaw, topicId } from '../support/forum';
import { sqlLog } from '../support/sql-count';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';

const POST_REPLY = `mutation($input: PostReplyInput!) { postReply(input: $input) { id } }`;
const THREAD_COUNTS = `query($id: ID!) { thread(id: $id) { postCount score } }`;
const FLAG = `mutation($input: FlagContentInput!) { flagContent(input: $input) { id } }`;

/**
 * A thread's row-locking writes (replies, votes) take turns in the instance before they open
 * their transaction (`ThreadWriteQueue`): a hot thread holds one pool connection, waits for its
 * row lock nowhere (so never against `statement_timeout`), and other threads' writes go on.
 */
describe('forum: writes to one thread take turns (e2e)', () => {
  let t: TestApp;
  let log: ReturnType<typeof sqlLog>;
  let asker: TestUser;
  let crowd: TestUser[];
  let topic: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS_ENABLED: 'false' });
    log = sqlLog(t);
    asker = await registerUser(t, 'turns-asker');
    crowd = await Promise.all(['turns-a', 'turns-b', 'turns-c', 'turns-d', 'turns-e'].map((p) => registerUser(t, p)));
    topic = await topicId(t, 'direct-smelting-borax');
  });

  afterAll(async () => {
    await t?.close();
  });

  const question = () => createThread(t, asker.accessToken, { topicId: topic, kind: 'QUESTION' });

  it('32 concurrent replies, votes and flags to one thread: no transaction opens while another is open, each in its own request', async () => {
    const thread = await question();
    const answers = [await reply(t, crowd[0].accessToken, { threadId: thread.id }), await reply(t, crowd[1].accessToken, { threadId: thread.id })];
    const writes = [
      ...Array.from({ length: 20 }, (_, i) =>
        log.gql(`reply-${i}`, POST_REPLY, { input: { threadId: thread.id, body: `Turn reply ${i}` } }, crowd[i % crowd.length].accessToken),
      ),
      // each voter once on each answer, never their own
      ...[2, 3, 4].flatMap((v) => answers.map((a, k) => log.gql(`vote-${v}-${k}`, VOTE, { id: a.id, v: 1 }, crowd[v].accessToken))),
      log.gql('vote-0-1', VOTE, { id: answers[1].id, v: 1 }, crowd[0].accessToken),
      log.gql('vote-1-0', VOTE, { id: answers[0].id, v: 1 }, crowd[1].accessToken),
      log.gql('vote-asker-0', VOTE, { id: answers[0].id, v: -1 }, asker.accessToken),
      log.gql('vote-asker-1', VOTE, { id: answers[1].id, v: 1 }, asker.accessToken),
      log.gql('flag-thread', FLAG, { input: { targetType: 'THREAD', targetId: thread.id, reason: 'OFF_TOPIC' } }, crowd[4].accessToken),
      log.gql('flag-post', FLAG, { input: { targetType: 'POST', targetId: answers[0].id, reason: 'OFF_TOPIC' } }, crowd[3].accessToken),
    ];
    const results = await Promise.all(writes);
    for (const r of results) expect(r.errors).toBeUndefined();

    const transactions = new Map<string, string[]>();
    let open: string | null = null;
    for (const { tag, sql } of log.entries) {
      if (sql.startsWith('START TRANSACTION')) {
        // the write before it has committed
        expect({ opened: tag, whileOpen: open }).toEqual({ opened: tag, whileOpen: null });
        open = tag;
        transactions.set(tag, []);
      }
      if (tag === open) transactions.get(tag)!.push(sql);
      if (tag === open && /^(COMMIT|ROLLBACK)/.test(sql)) open = null;
    }
    expect(open).toBeNull();
    expect(transactions.size).toBe(writes.length);
    // each reply's transaction ran in its request's context: its 8 statements (as one reply alone
    // sends: replies-votes-answers' SQL test) all carry its tag
    for (let i = 0; i < 20; i++) expect(transactions.get(`reply-${i}`)).toHaveLength(8);

    const counts = (await t.gqlOk<{ thread: { postCount: number; score: number } }>(THREAD_COUNTS, { id: thread.id })).thread;
    expect(counts).toEqual({ postCount: 22, score: 6 + 2 - 1 + 1 });
  });

  it('a thread whose turn is held keeps its writes waiting without a connection, while another thread\'s reply goes through', async () => {
    const [hot, other] = [await question(), await question()];
    const queue = t.app.get(ThreadWriteQueue);
    let release!: () => void;
    const held = queue.inTurn(hot.id, asker.id, () => new Promise<void>((resolve) => (release = resolve)));
    try {
      let done = 0;
      const waiting = Array.from({ length: 15 }, (_, i) =>
        replyRaw(t, crowd[i % crowd.length].accessToken, { threadId: hot.id, body: `Waiting reply ${i}` }).then((r) => {
          done++;
          return r;
        }),
      );
      // all 15 in line (more than the pool's 10 connections), then the other thread's reply still gets one
      while (queue.waiting(hot.id) < 15) await new Promise((r) => setTimeout(r, 10));
      expect((await replyRaw(t, crowd[0].accessToken, { threadId: other.id })).errors).toBeUndefined();
      expect(done).toBe(0);
      const [{ n }] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [hot.id]);
      expect(n).toBe(0);
      release();
      await held;
      for (const r of await Promise.all(waiting)) expect(r.errors).toBeUndefined();
      expect((await t.gqlOk<{ thread: { postCount: number } }>(THREAD_COUNTS, { id: hot.id })).thread.postCount).toBe(15);
    } finally {
      release();
    }
  });

  it('one user with THREAD_WRITES_WAITING_PER_USER (20) writes waiting for a thread gets RATE_LIMITED for one more; nothing of it is stored', async () => {
    const hot = await question();
    const queue = t.app.get(ThreadWriteQueue);
    let release!: () => void;
    const held = queue.inTurn(hot.id, asker.id, () => new Promise<void>((resolve) => (release = resolve)));
    try {
      const queued = Array.from({ length: 20 }, (_, i) => replyRaw(t, crowd[0].accessToken, { threadId: hot.id, body: `Queued ${i}` }));
      while (queue.waiting(hot.id) < 20) await new Promise((r) => setTimeout(r, 10));
      const refused = await replyRaw(t, crowd[0].accessToken, { threadId: hot.id, body: 'One too many' });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
      // another user still gets in line
      const other = replyRaw(t, crowd[1].accessToken, { threadId: hot.id, body: 'Someone else' });
      while (queue.waiting(hot.id) < 21) await new Promise((r) => setTimeout(r, 10));
      release();
      await held;
      for (const r of await Promise.all([...queued, other])) expect(r.errors).toBeUndefined();
      const bodies = (await t.db.query<{ body: string }>(`SELECT body FROM posts WHERE thread_id = $1`, [hot.id])).map((r) => r.body);
      expect(bodies.sort()).toEqual([...Array.from({ length: 20 }, (_, i) => `Queued ${i}`), 'Someone else'].sort());
    } finally {
      release();
    }
  });
});

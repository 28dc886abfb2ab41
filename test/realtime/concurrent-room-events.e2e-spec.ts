import { createThread, replyRaw, topicId } from '../support/forum';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';

/**
 * Replies whose notifications cross (thread author A is @mentioned in B's thread and the
 * other way round) must never deadlock on the room sequence rows of `user:<id>` rooms, and
 * every room's seqs stay gapless.
 */
describe('realtime: concurrent room events (e2e)', () => {
  let t: TestApp;
  // Deadlocks need a real server (DATABASE_URL); embedded PGlite runs one session, so a smaller
  // load there only checks the seqs (and stays within the pool's connection timeout).
  const real = !!process.env.DATABASE_URL;
  const ROUNDS = real ? 6 : 2;
  const PARALLEL = real ? 30 : 10;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS_ENABLED: 'false' });
  });

  afterAll(async () => {
    await t?.close();
  });

  it('parallel replies with crossing @mentions (30 × 6 rounds on PostgreSQL): all succeed, every room seq gapless 1..n', async () => {
    const topic = await topicId(t);
    const a: TestUser = await registerUser(t, 'rc-a');
    const b: TestUser = await registerUser(t, 'rc-b');
    const repliers = [await registerUser(t, 'rc-r1'), await registerUser(t, 'rc-r2'), await registerUser(t, 'rc-r3')];
    const threadOfA = await createThread(t, a.accessToken, { topicId: topic });
    const threadOfB = await createThread(t, b.accessToken, { topicId: topic });
    const failures: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const results = await Promise.all(
        Array.from({ length: PARALLEL }, (_, i) => {
          const replier = repliers[i % repliers.length];
          // REPLY to one author, MENTION of the other: user rooms locked in both orders.
          const [threadId, mentioned] = i % 2 ? [threadOfA.id, b.handle] : [threadOfB.id, a.handle];
          return replyRaw(t, replier.accessToken, { threadId, body: `Round ${round} reply ${i}, cc @${mentioned}` });
        }),
      );
      failures.push(...results.filter((r) => r.errors).map((r) => r.errors));
    }
    expect(failures).toEqual([]);
    const counts = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications WHERE recipient_id = ANY($1::uuid[])`,
      [[a.id, b.id]],
    );
    expect(counts[0].n).toBe(ROUNDS * PARALLEL * 2);
    const broken = await t.db.query(
      `SELECT e.room, count(*)::int AS n, min(e.seq)::int AS lo, max(e.seq)::int AS hi, s.last_seq::int AS last
         FROM room_events e JOIN room_sequences s ON s.room = e.room
        GROUP BY e.room, s.last_seq
       HAVING min(e.seq) <> 1 OR max(e.seq) <> count(*) OR s.last_seq <> count(*)`,
    );
    expect(broken).toEqual([]);
    const userRooms = await t.db.query<{ room: string; n: number }>(
      `SELECT room, count(*)::int AS n FROM room_events WHERE room = ANY($1::text[]) GROUP BY room ORDER BY room`,
      [[`user:${a.id}`, `user:${b.id}`]],
    );
    expect(userRooms.map((r) => r.n)).toEqual([ROUNDS * PARALLEL, ROUNDS * PARALLEL]);
  }, 180_000);
});

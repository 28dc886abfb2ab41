import { randomBytes } from 'node:crypto';
import { describeWithRedis } from '../support/instances';
import { DataSource } from 'typeorm';
import { topicId } from '../support/forum';
import { socketPool } from '../support/sockets';
import { startAppOn, startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser, withAdmin } from '../support/users';
import { adminToken } from '../support/orgs';
import { inMinutes, RSVP, schedule, SESSION, sessionNotifications, sleep, UPDATE } from './live.fixtures';


/** Reminders: a 60-minute lead time, and the scheduler polling every second; both instances share one Redis prefix. */
const REDIS_KEY = `asgm-test-${randomBytes(6).toString('hex')}`;
const env = () => ({
  ...withAdmin(),
  REDIS_URL: process.env.REDIS_URL,
  REALTIME_REDIS_KEY: REDIS_KEY,
  RATE_LIMITS_ENABLED: 'false',
  LIVE_REMINDER_LEAD_MINUTES: '60',
  SCHEDULER_POLL_SECONDS: '1',
});

const reminderCount = async (t: TestApp, sessionId: string): Promise<number> => {
  const rows: { n: number }[] = await t.app.get(DataSource).query(
    `SELECT count(*)::int AS n FROM notifications WHERE session_id = $1 AND type = 'SESSION_STARTING'`,
    [sessionId],
  );
  return rows[0].n;
};

async function waitFor(check: () => Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeWithRedis('live sessions: durable reminders and presence across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let admin: string;
  let topic: string;
  let alice: TestUser;
  let bob: TestUser;
  const sockets = socketPool();

  beforeAll(async () => {
    const e = env();
    a = await startTestApp(e);
    b = await startAppOn(a.db, e);
    admin = await adminToken(a);
    topic = await topicId(a);
    alice = await registerUser(a, 'lr-alice');
    bob = await registerUser(a, 'lr-bob');
  });

  afterAll(async () => {
    sockets.closeAll();
    await b?.close();
    await a?.close();
  });

  it('the reminder goes to RSVPs once with two instances polling, and once only across a restart; moving the start re-arms it', async () => {
    // Starts in 2 hours: outside the 60-minute lead, so nothing is due yet.
    const s = await schedule(a, admin, topic, { scheduledStartAt: inMinutes(120), scheduledEndAt: inMinutes(150) });
    await a.gqlOk(RSVP, { id: s.id, a: true }, alice.accessToken);
    await b.gqlOk(RSVP, { id: s.id, a: true }, bob.accessToken);
    await sleep(2500);
    expect(await reminderCount(a, s.id)).toBe(0);
    // Moved to 30 minutes from now: due at the next poll of either instance.
    await a.gqlOk(UPDATE, { id: s.id, input: { scheduledStartAt: inMinutes(30), scheduledEndAt: inMinutes(60) } }, admin);
    await waitFor(async () => (await reminderCount(a, s.id)) === 2, 'the reminders');
    await sleep(3000); // several more polls on both instances
    expect(await reminderCount(a, s.id)).toBe(2);
    expect(await sessionNotifications(a, alice.accessToken)).toEqual([{ type: 'SESSION_STARTING', session: { id: s.id, title: s.title }, thread: null }]);

    // Restart instance B (a new process on the same database): nothing is sent again.
    await b.close();
    b = await startAppOn(a.db, env());
    await sleep(3000);
    expect(await reminderCount(a, s.id)).toBe(2);

    // Moving the start again re-arms it (a new reminder for the new time).
    await a.gqlOk(UPDATE, { id: s.id, input: { scheduledStartAt: inMinutes(40), scheduledEndAt: inMinutes(70) } }, admin);
    await waitFor(async () => (await reminderCount(a, s.id)) === 4, 'the second reminders');
    await sleep(2000);
    expect(await reminderCount(a, s.id)).toBe(4);
  });

  it('presence: two tabs count once; users on two instances are counted together; live.presence at most once a second, trailing', async () => {
    const s = await schedule(a, admin, topic);
    const room = `session:${s.id}`;
    const watcher = await sockets.connectTo(a.baseUrl, admin);
    expect(await watcher.call('subscribe', { room })).toMatchObject({ ok: true });
    const presence = () => watcher.events.filter((e) => e.type === 'live.presence' && e.room === room);
    await watcher.until(() => presence().some((e) => e.data.participantCount === 1), 'the watcher counted');

    const tab1 = await sockets.connectTo(a.baseUrl, alice.accessToken);
    const tab2 = await sockets.connectTo(b.baseUrl, alice.accessToken);
    const bobTab = await sockets.connectTo(b.baseUrl, bob.accessToken);
    const started = Date.now();
    await Promise.all([tab1, tab2, bobTab].map((x) => x.call('subscribe', { room })));
    await watcher.until(() => presence().some((e) => e.data.participantCount === 3), 'three participants');
    await sleep(1500);
    const sent = presence();
    expect(sent[sent.length - 1].data).toEqual({ sessionId: s.id, participantCount: 3 });
    expect(sent.every((e) => e.seq === null)).toBe(true);
    // One emitter across both instances, at most one a second.
    const times = sent.map((e) => Date.parse(e.at));
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(950);
    expect(sent.filter((e) => Date.parse(e.at) >= started).length).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000) + 1);
    // Both instances answer the same count.
    expect((await a.gqlOk<any>(SESSION, { id: s.id }, admin)).liveSession.participantCount).toBe(3);
    expect((await b.gqlOk<any>(SESSION, { id: s.id }, admin)).liveSession.participantCount).toBe(3);
    // A tab on another instance also receives presence.
    await bobTab.until(() => bobTab.events.some((e) => e.type === 'live.presence' && e.data.participantCount === 3), 'presence on instance B');

    // Closing one of Alice's two tabs changes nothing; closing the other drops her.
    const before = presence().length;
    tab1.close();
    await sleep(2000);
    expect((await b.gqlOk<any>(SESSION, { id: s.id }, admin)).liveSession.participantCount).toBe(3);
    expect(presence().length).toBe(before);
    tab2.close();
    await watcher.until(() => presence().length > before && presence()[presence().length - 1].data.participantCount === 2, 'Alice gone');
  });
});

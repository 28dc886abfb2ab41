import { createThread, topicId } from '../support/forum';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';
import { aliasAttack, figure, percentile, send, startAttacker } from './adversarial-support';

const NORMAL = JSON.stringify({ query: '{ threads(first: 10) { totalCount edges { node { id title author { handle } } } } }' });
/** The heaviest document the limits let through: 10 root searches, each with a page and a count. */
const HEAVIEST_ALLOWED = (round: number) =>
  JSON.stringify({ query: `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: search(query: "mercury retort ${round % 7} ${i}", first: 20) { totalCount edges { node { rank snippet } } }`).join(' ')} }` });

/**
 * Issue 14's attack: three anonymous clients sending documents of 1,000 `search(query:
 * "mercury retort", first: 0) { totalCount }` aliases, as fast as they are answered, while a
 * normal signed-in client reads the thread list. Then the same with the heaviest document the
 * limits allow. Prints the normal client's p50/p99; asserts that nothing failed.
 */
describe('adversarial: the alias attack (issue 14)', () => {
  let t: TestApp;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMITS_ENABLED: 'false' });
    alice = await registerUser(t, 'alice');
    const retorts = await topicId(t);
    for (let i = 0; i < 20; i++) await createThread(t, alice.accessToken, { topicId: retorts, title: `Mercury retort ${i}`, body: `A mercury retort question ${i}` });
  });

  afterAll(async () => {
    await t?.close();
  });

  async function underAttack(label: string, attackBodies: string[], normalRequests: number): Promise<void> {
    const attackers = Array.from({ length: 3 }, () => startAttacker(`${t.baseUrl}/graphql`, attackBodies));
    const latencies: number[] = [];
    const failures: string[] = [];
    const attackStatuses: Record<string, number> = {};
    try {
      for (let i = 0; i < normalRequests; i++) {
        const answer = await send(t, NORMAL, { authorization: `Bearer ${alice.accessToken}` });
        latencies.push(answer.ms);
        if (answer.status !== 200 || answer.text.includes('"errors"')) failures.push(`${answer.status} ${answer.text.slice(0, 200)}`);
      }
    } finally {
      for (const statuses of await Promise.all(attackers.map((a) => a.stop()))) {
        for (const [status, n] of Object.entries(statuses)) attackStatuses[status] = (attackStatuses[status] ?? 0) + n;
      }
    }
    figure(label, {
      normalRequests,
      p50ms: percentile(latencies, 50),
      p99ms: percentile(latencies, 99),
      maxms: Math.max(...latencies),
      attackAnswers: Object.entries(attackStatuses).map(([s, n]) => `${n}x${s}`).join(' '),
    });
    expect(failures).toEqual([]);
    expect(Object.keys(attackStatuses).filter((s) => s === 'network' || Number(s) >= 500)).toEqual([]);
  }

  it('baseline: the normal client alone', async () => {
    const latencies: number[] = [];
    for (let i = 0; i < 100; i++) latencies.push((await send(t, NORMAL, { authorization: `Bearer ${alice.accessToken}` })).ms);
    figure('normal client alone', { p50ms: percentile(latencies, 50), p99ms: percentile(latencies, 99) });
  });

  it('three anonymous documents of 1,000 aliases at once: refused cheaply, the normal client never fails', async () => {
    await underAttack('normal client under 3 x 1,000-alias attack', [JSON.stringify({ query: aliasAttack(1000) })], 300);
  });

  it('three clients sending the heaviest document the limits allow: the normal client never fails', async () => {
    await underAttack('normal client under 3 x heaviest allowed document (10 searches)', Array.from({ length: 7 }, (_, round) => HEAVIEST_ALLOWED(round)), 200);
  });
});

import { parse } from 'graphql';
import { createThread, topicId } from '../support/forum';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';
import { Answer, figure, percentile, send } from './adversarial-support';
import { HostileOperation, hostileOperations, wideDocument } from './hostile-operations';

const OPERATIONS = Number(process.env.ADVERSARIAL_OPERATIONS ?? 10_000);
const CONCURRENCY = 8;
/**
 * Apollo Server's default document cache (`documentStore`): an LRU of parsed and validated
 * documents bounded at 30 MiB, measured as their JSON text (InMemoryLRUCache.sizeCalculation). In
 * the heap it takes about four times that: the JSON leaves out each node's tokens and locations.
 */
const DOCUMENT_CACHE_BYTES = 30 * 2 ** 20;
/** What a stack trace or an unexpected fault looks like in an answer. */
const LEAK = /stacktrace|\n\s+at [\w.<>]+ \(|RangeError|TypeError|ReferenceError|Maximum call stack|INTERNAL_SERVER_ERROR/;

/**
 * 10,000 generated hostile operations (a seeded generator, the same every run): deep, wide and
 * aliased documents, huge and oddly typed variables, malformed JSON, bidi and NUL strings,
 * oversized bodies, mutations with random input, anonymous and signed in. Asserts 0 HTTP 500s,
 * 0 stack traces or internal errors in answers, every answer within 2 s, and heap growth under
 * 20%, measured after full collections with no request in flight, from a warm-up that filled
 * Apollo's document cache to its bound: the generated documents it keeps are what grew the heap
 * (18.8% measured from the run's middle, when the cache was not a third full), and a cache
 * filling up is not a leak. The warm-up also shows it bounded: filling it a second time with as
 * many other documents must not grow the heap. Prints the figures.
 */
describe('adversarial: 10,000 hostile operations', () => {
  let t: TestApp;
  let alice: TestUser;
  let threadId: string;
  let topic: string;

  beforeAll(async () => {
    // production posting limits (the test default turns them off); no anonymous limit, so that
    // every operation reaches GraphQL from this one IP
    t = await startTestApp({ ANONYMOUS_REQUESTS_PER_MINUTE: '0', POST_INTERVAL_SECONDS: '5', NEW_USER_POST_INTERVAL_SECONDS: '30', DUPLICATE_POST_WINDOW_SECONDS: '300', THREADS_PER_DAY: '20' });
    alice = await registerUser(t, 'alice');
    topic = await topicId(t);
    threadId = (await createThread(t, alice.accessToken, { topicId: topic })).id;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('answers every one without a 500, a stack trace or an internal error, each within 2 s, and without growing the heap by 20% once the document cache is full', async () => {
    const next = hostileOperations(14, { threadId, topic });
    const statuses = new Map<number, number>();
    const leaks: string[] = [];
    const slow: string[] = [];
    const latencies: number[] = [];
    const gc = (globalThis as { gc?: () => void }).gc;
    /** The heap once every request has been answered, after full collections (weak entries need more than one). */
    const settledHeap = async (): Promise<number> => {
      for (let i = 0; i < 3; i++) {
        gc?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return process.memoryUsage().heapUsed;
    };
    /** From CONCURRENCY clients, sends what `nextOperation` gives until it gives null, and waits for every answer. */
    const run = (nextOperation: () => HostileOperation | null, check: (body: string, answer: Answer) => void) =>
      Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let op = nextOperation(); op !== null; op = nextOperation()) {
            check(op.body, await send(t, op.body, op.token ? { authorization: `Bearer ${alice.accessToken}` } : {}));
          }
        }),
      );
    /** Distinct valid documents until their JSON adds up to `bytes`; each is refused (too many root fields) after Apollo cached it. */
    let documents = 0;
    const unexpected: string[] = [];
    const fillDocumentCache = async (bytes: number) => {
      let total = 0;
      await run(
        () => {
          if (total >= bytes) return null;
          const query = wideDocument(documents++, threadId);
          total += Buffer.byteLength(JSON.stringify(parse(query)));
          return { body: JSON.stringify({ query }), token: false };
        },
        (body, answer) => {
          if (answer.status !== 400 || !answer.text.includes('QUERY_TOO_COMPLEX')) unexpected.push(`${answer.status} ${answer.text.slice(0, 200)}`);
        },
      );
    };
    /** `count` hostile operations, every answer checked. */
    const hostile = async (count: number) => {
      let sent = 0;
      await run(
        () => (sent++ < count ? next() : null),
        (body, answer) => {
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          latencies.push(answer.ms);
          if (answer.status >= 500 || LEAK.test(answer.text)) leaks.push(`${answer.status} ${body.slice(0, 120)} -> ${answer.text.slice(0, 300)}`);
          if (answer.ms > 2000) slow.push(`${Math.round(answer.ms)} ms: ${body.slice(0, 120)}`);
        },
      );
    };

    const heapAtStart = await settledHeap();
    // warm-up: Apollo's document cache filled to its bound, then filled again with as many other
    // documents (which must not grow the heap: the cache is bounded)
    await fillDocumentCache(1.1 * DOCUMENT_CACHE_BYTES);
    const heapCacheFull = await settledHeap();
    await fillDocumentCache(1.1 * DOCUMENT_CACHE_BYTES);
    const heapAfterWarmUp = await settledHeap();
    const cacheRefillGrowth = (heapAfterWarmUp - heapCacheFull) / heapCacheFull;

    const started = performance.now();
    await hostile(Math.floor(OPERATIONS / 2));
    const heapHalfway = await settledHeap();
    await hostile(OPERATIONS - Math.floor(OPERATIONS / 2));
    const seconds = (performance.now() - started) / 1000;
    const heapAtEnd = await settledHeap();
    const growth = (heapAtEnd - heapAfterWarmUp) / heapAfterWarmUp;
    const mb = (bytes: number) => bytes / 2 ** 20;
    figure('hostile operations', {
      operations: OPERATIONS,
      seconds,
      perSecond: OPERATIONS / seconds,
      statuses: [...statuses].sort().map(([s, n]) => `${n}x${s}`).join(' '),
      http500: statuses.get(500) ?? 0,
      leaks: leaks.length,
      p50ms: percentile(latencies, 50),
      p99ms: percentile(latencies, 99),
      maxms: Math.max(...latencies),
      warmUpDocuments: documents,
      heapAtStartMB: mb(heapAtStart),
      heapCacheFullMB: mb(heapCacheFull),
      heapAfterWarmUpMB: mb(heapAfterWarmUp),
      cacheRefillGrowthPct: cacheRefillGrowth * 100,
      heapHalfwayMB: mb(heapHalfway),
      heapAtEndMB: mb(heapAtEnd),
      heapGrowthMB: mb(heapAtEnd - heapAfterWarmUp),
      heapGrowthPct: growth * 100,
      gc: gc ? 'forced' : 'unavailable (run with --expose-gc)',
    });
    if (slow.length) console.log(`[adversarial] slowest answers:\n${slow.slice(0, 10).join('\n')}`);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect(leaks.slice(0, 5)).toEqual([]);
    expect(slow.slice(0, 5)).toEqual([]);
    if (gc) {
      expect(cacheRefillGrowth).toBeLessThan(0.05);
      expect(growth).toBeLessThan(0.2);
    }
  });
});

import { createThread, topicId } from '../support/forum';
import { startTestApp, TestApp } from '../support/test-app';
import { registerUser, TestUser } from '../support/users';
import { Answer, figure, percentile, prng, send } from './adversarial-support';

const OPERATIONS = Number(process.env.ADVERSARIAL_OPERATIONS ?? 10_000);
const CONCURRENCY = 8;
/** What a stack trace or an unexpected fault looks like in an answer. */
const LEAK = /stacktrace|\n\s+at [\w.<>]+ \(|RangeError|TypeError|ReferenceError|Maximum call stack|INTERNAL_SERVER_ERROR/;

/**
 * 10,000 generated hostile operations (a seeded generator, the same every run): deep, wide and
 * aliased documents, huge and oddly typed variables, malformed JSON, bidi and NUL strings,
 * oversized bodies, mutations with random input, anonymous and signed in. Asserts 0 HTTP 500s,
 * 0 stack traces or internal errors in answers, every answer within 2 s, and heap growth under
 * 20% (after a warm-up, both measured after a full GC). Prints the figures.
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

  function generator(seed: number) {
    const rnd = prng(seed);
    const int = (n: number) => Math.floor(rnd() * n);
    const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
    const HOSTILE_TEXT = ['\u0000', '\u202E', '\u2066', '\u200B', '\uFEFF', '\uD800', '\u0007', '"', '\\', '</script>', '${x}', '%s', '💥', 'é', "'; DROP TABLE users; --"];
    const text = (max: number) => Array.from({ length: 1 + int(max) }, () => (rnd() < 0.3 ? pick(HOSTILE_TEXT) : String.fromCharCode(32 + int(90)))).join('');
    const hugeText = () => pick(['x', '>', '- ', '*', '[', '\u202E', '€']).repeat(1000 + int(60_000));
    const ROOTS = ['topics { slug }', 'threads(first: 5) { totalCount edges { node { id title } } }', 'search(query: "mercury") { totalCount }', 'me { id }', 'organizations { totalCount }', 'experts { totalCount }', 'liveSessions { totalCount }', `thread(id: "${threadId}") { id title }`, 'node(id: "nope") { id }', 'unreadNotificationCount'];
    const oddValue = (): unknown =>
      pick<() => unknown>([
        () => int(2 ** 31) * (rnd() < 0.5 ? -1 : 1) * 1000,
        () => rnd() * 1e308,
        () => text(50),
        () => null,
        () => [text(5), int(9)],
        () => ({ [text(5)]: text(5) }),
        () => true,
      ])();
    /** JSON text of a value nested `depth` deep (built as text: JSON.stringify itself would overflow). */
    const nestedJson = (depth: number): string => {
      const opens: string[] = [];
      for (let i = 0; i < depth; i++) opens.push(rnd() < 0.5 ? '[' : '{"a":');
      return opens.join('') + JSON.stringify(text(3)) + opens.reverse().map((o) => (o === '[' ? ']' : '}')).join('');
    };
    const body = (query: string, variables?: unknown) => JSON.stringify({ query, variables });
    const rawBody = (query: string, variablesJson: string) => `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`;
    const kinds: (() => { body: string; token: boolean })[] = [
      // deep documents (sometimes far past the token limit)
      () => {
        const depth = rnd() < 0.1 ? 2000 + int(20_000) : 3 + int(25);
        return { body: body('{ threads(first: 1) { edges { node { ' + 'topic { parent { '.repeat(depth) + 'slug' + ' } }'.repeat(depth) + ' } } } }'), token: rnd() < 0.5 };
      },
      // wide documents: many root fields, with and without aliases
      () => ({ body: body(`{ ${Array.from({ length: 1 + int(40) }, (_, i) => `${rnd() < 0.7 ? `a${i}: ` : ''}${pick(ROOTS)}`).join(' ')} }`), token: rnd() < 0.5 }),
      // aliases of the same field, nested
      () => ({ body: body(`{ search(query: "${text(8).replace(/["\\]/g, '')}", first: ${int(200) - 50}) { ${Array.from({ length: 1 + int(60) }, (_, i) => `c${i}: totalCount`).join(' ')} } }`), token: false }),
      // huge variables
      () => ({ body: body('mutation($input: PostReplyInput!) { postReply(input: $input) { id } }', { input: { threadId, body: hugeText() } }), token: true }),
      () => ({ body: body('query($q: String!) { search(query: $q) { totalCount } }', { q: hugeText() }), token: false }),
      // wrong types and odd values in variables
      () => ({ body: body('query($first: Int, $id: ID!) { threads(first: $first) { totalCount } node(id: $id) { id } }', { first: oddValue(), id: oddValue() }), token: rnd() < 0.5 }),
      () => ({ body: body('mutation($input: RegisterInput!) { register(input: $input) { accessToken } }', { input: rnd() < 0.5 ? oddValue() : { email: text(30), password: text(20), displayName: text(90), handle: text(12) } }), token: false }),
      () => ({ body: rawBody(pick(['query($x: String) { topic(slug: $x) { id } }', 'query($x: Int) { threads(first: $x) { totalCount } }', '{ topics { slug } }']), `{"x":${nestedJson(int(20_000))}}`), token: rnd() < 0.5 }),
      // malformed JSON and not-GraphQL bodies
      () => ({ body: pick(['', '{', '{"query":', 'null', '[]', '[{"query":"{ topics { slug } }"}]', '{"query":1}', '{"query":null}', '{"variables":{}}', '{"query":"{ topics { slug } }","variables":"x"}', '{"query":"{ topics { slug } }","operationName":{}}', text(200)]), token: rnd() < 0.5 }),
      // random tokens as a document
      () => ({ body: body(Array.from({ length: 1 + int(300) }, () => pick(['{', '}', '(', ')', '...', 'on', 'query', 'mutation', 'fragment', '$x', ':', '@include', 'topics', '"s"', '1', '[', ']', '!', '=', '|', '&'])).join(' ')), token: rnd() < 0.5 }),
      // bidi, NUL and control characters in names, titles, search
      () => ({ body: body('mutation($input: CreateThreadInput!) { createThread(input: $input) { id title } }', { input: { kind: 'QUESTION', topicId: topic, title: text(60), body: text(300) } }), token: true }),
      () => ({ body: body('query($q: String!) { search(query: $q) { totalCount edges { node { snippet } } } }', { q: text(40) }), token: rnd() < 0.5 }),
      // random mutations, anonymous and signed in
      () => ({ body: body(`mutation { ${pick(['votePost(postId: "x", value: 7) { id }', `watchThread(threadId: "${threadId}", watching: true) { id }`, 'logout', 'markNotificationsRead { count }', 'deletePost(id: "00000000-0000-4000-8000-000000000000") { id }', `lockThread(id: "${threadId}", locked: true) { id }`])} }`), token: rnd() < 0.5 }),
      // oversized bodies (rarely: each is more than 1 MiB)
      () => (rnd() < 0.05 ? { body: body('{ topics { slug } }', { pad: 'x'.repeat(1_100_000) }), token: false } : { body: body(`{ ${pick(ROOTS)} }`), token: rnd() < 0.5 }),
    ];
    return () => pick(kinds)();
  }

  it('answers every one without a 500, a stack trace or an internal error, each within 2 s, and without growing the heap by 20%', async () => {
    const next = generator(14);
    const statuses = new Map<number, number>();
    const leaks: string[] = [];
    const slow: string[] = [];
    const latencies: number[] = [];
    let done = 0;
    let heapAfterWarmUp = 0;
    // heap is compared from the middle of the run: Apollo's parsed-document cache (an LRU of
    // about 30 MiB) fills with the generated documents during the first thousands; growth after
    // it is full is what a leak would show
    const warmUp = Math.floor(OPERATIONS / 2);
    const gc = (globalThis as { gc?: () => void }).gc;
    const worker = async () => {
      while (done < OPERATIONS) {
        const n = done++;
        if (n === warmUp) {
          gc?.();
          heapAfterWarmUp = process.memoryUsage().heapUsed;
        }
        const op = next();
        const answer: Answer = await send(t, op.body, op.token ? { authorization: `Bearer ${alice.accessToken}` } : {});
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        latencies.push(answer.ms);
        if (answer.status >= 500 || LEAK.test(answer.text)) leaks.push(`${answer.status} ${op.body.slice(0, 120)} -> ${answer.text.slice(0, 300)}`);
        if (answer.ms > 2000) slow.push(`${Math.round(answer.ms)} ms: ${op.body.slice(0, 120)}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const seconds = (performance.now() - started) / 1000;
    gc?.();
    const heapAtEnd = process.memoryUsage().heapUsed;
    const growth = heapAfterWarmUp ? (heapAtEnd - heapAfterWarmUp) / heapAfterWarmUp : NaN;
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
      heapAfterWarmUpMB: heapAfterWarmUp / 2 ** 20,
      heapAtEndMB: heapAtEnd / 2 ** 20,
      heapGrowthPct: growth * 100,
      gc: gc ? 'forced' : 'unavailable (run with --expose-gc)',
    });
    if (slow.length) console.log(`[adversarial] slowest answers:\n${slow.slice(0, 10).join('\n')}`);
    expect(leaks.slice(0, 5)).toEqual([]);
    expect(slow.slice(0, 5)).toEqual([]);
    if (gc) expect(growth).toBeLessThan(0.2);
  });
});

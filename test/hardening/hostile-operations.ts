import { prng } from './adversarial-support';

/** One generated hostile operation: a raw request body, sent signed in (`token`) or anonymously. */
export interface HostileOperation {
  body: string;
  token: boolean;
}

/** Root fields the wide documents are made of. */
const rootFields = (threadId: string): string[] => ['topics { slug }', 'threads(first: 5) { totalCount edges { node { id title } } }', 'search(query: "mercury") { totalCount }', 'me { id }', 'organizations { totalCount }', 'experts { totalCount }', 'liveSessions { totalCount }', `thread(id: "${threadId}") { id title }`, 'node(id: "nope") { id }', 'unreadNotificationCount'];

/**
 * The `n`-th of a series of distinct valid documents of 40 aliased root fields, like the
 * generator's wide documents: Apollo parses, validates and keeps each in its document cache
 * (before the guard refuses it for its root fields), so a series of them fills that cache.
 */
export function wideDocument(n: number, threadId: string): string {
  const roots = rootFields(threadId);
  return `{ ${Array.from({ length: 40 }, (_, i) => `w${n}_${i}: ${roots[(n + i) % roots.length]}`).join(' ')} }`;
}

/**
 * A seeded generator of hostile operations (the same sequence for the same seed): deep, wide and
 * aliased documents, huge and oddly typed variables, malformed JSON, bidi and NUL strings,
 * oversized bodies, mutations with random input. `threadId` and `topic` are real ones to aim at.
 */
export function hostileOperations(seed: number, { threadId, topic }: { threadId: string; topic: string }): () => HostileOperation {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const HOSTILE_TEXT = ['\u0000', '\u202E', '\u2066', '\u200B', '\uFEFF', '\uD800', '\u0007', '"', '\\', '</script>', '${x}', '%s', '💥', 'é', "'; DROP TABLE users; --"];
  const text = (max: number) => Array.from({ length: 1 + int(max) }, () => (rnd() < 0.3 ? pick(HOSTILE_TEXT) : String.fromCharCode(32 + int(90)))).join('');
  const hugeText = () => pick(['x', '>', '- ', '*', '[', '\u202E', '€']).repeat(1000 + int(60_000));
  const ROOTS = rootFields(threadId);
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
  const kinds: (() => HostileOperation)[] = [
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

import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { POST_REPLY } from '../support/documents';
import { freePort, TcpProxy } from '../support/tcp-proxy';
import { gqlRequest, GqlResult, testEnv } from '../support/test-app';
import { TestDatabase } from '../support/test-database';

const ROOT = join(__dirname, '..', '..');
export const MAIN_JS = join(ROOT, 'dist', 'src', 'main.js');

/** A figure line of the fault suite: `[faults] scenario: figures`. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  console.log(`[faults] ${scenario}: ${JSON.stringify(figures)}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it is true, failing after `deadlineMs` (a safety net, not a timed assertion). */
export async function until(check: () => boolean | Promise<boolean>, what: string, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

export { freePort };

/** A proxy in front of the test database, and the database URL through it. */
export function proxied(db: TestDatabase): Promise<{ proxy: TcpProxy; url: string }> {
  return TcpProxy.inFrontOf(db.url);
}

/** The service as an operator runs it: `node dist/src/main.js` in a child process, JSON logs collected. */
export interface Service {
  child: ChildProcess;
  baseUrl: string;
  /** Every stdout line, parsed when it is JSON (`raw` otherwise). */
  lines: { raw: string; json: Record<string, any> | null; at: number }[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export async function startService(databaseUrl: string, env: Record<string, string | undefined> = {}): Promise<Service> {
  if (!existsSync(MAIN_JS)) throw new Error(`${MAIN_JS} is missing: npm run build first (npm run test:faults does)`);
  const port = await freePort();
  const merged: Record<string, string | undefined> = { ...process.env, ...testEnv({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'auto',
      // every client here is 127.0.0.1 and anonymous readers keep the service busy on purpose: the
      // per-IP anonymous limit (tested in test/hardening) would answer them RATE_LIMITED instead
      ANONYMOUS_REQUESTS_PER_MINUTE: '0',
      ...env,
    }), DATABASE_URL: databaseUrl, PORT: String(port) };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  const child = spawn(process.execPath, [MAIN_JS], { cwd: ROOT, env: merged as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: Service['lines'] = [];
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (raw) => {
      let json: Record<string, any> | null = null;
      try {
        json = JSON.parse(raw);
      } catch {
        json = null;
      }
      lines.push({ raw, json, at: Date.now() });
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  const service = { child, baseUrl: `http://127.0.0.1:${port}`, lines, exited };
  let gone = false;
  void exited.then(() => (gone = true));
  await until(async () => {
    if (gone) throw new Error(`the service exited during start-up:\n${lines.map((l) => l.raw).join('\n')}`);
    return lines.some((l) => /listening on/.test(l.json?.msg ?? l.raw));
  }, 'the service to listen', 120_000);
  return service;
}

export async function stopService(service: Service): Promise<void> {
  if (service.child.exitCode === null && service.child.signalCode === null) service.child.kill('SIGKILL');
  await service.exited;
}

/** The outcome of one request: its HTTP status and first error code, or the network error. */
export interface Outcome {
  status: number | null;
  code: string | null;
  retryable: boolean;
  network: string | null;
  data: any;
  ms: number;
}

export async function post(baseUrl: string, query: string, variables: Record<string, unknown> = {}, token: string | null = null, accept = 'application/json'): Promise<Outcome> {
  const started = Date.now();
  try {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as GqlResult;
    const error = body.errors?.[0];
    return { status: res.status, code: error?.extensions.code ?? null, retryable: error?.extensions.retryable === true, network: null, data: body.data, ms: Date.now() - started };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { status: null, code: null, retryable: false, network: cause?.code ?? cause?.message ?? String(err), data: null, ms: Date.now() - started };
  }
}

/** Writers posting replies in a loop until stopped: what was acknowledged, and every outcome. */
export function replyWriters(baseUrl: () => string, token: string, threadId: string, count: number, pauseMs = 0) {
  let running = true;
  const acked: string[] = [];
  const outcomes: (Outcome & { at: number })[] = [];
  const loops = Array.from({ length: count }, async (_, w) => {
    for (let i = 0; running; i++) {
      const outcome = await post(baseUrl(), POST_REPLY, { input: { threadId, body: `writer ${w} reply ${i}` } }, token);
      outcomes.push({ ...outcome, at: Date.now() });
      if (outcome.data?.postReply?.id) acked.push(outcome.data.postReply.id);
      else await sleep(50);
      if (pauseMs) await sleep(pauseMs);
    }
  });
  return {
    acked,
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Readers asking `query` anonymously in a loop until stopped (load beside the writers): every outcome. */
export function readerLoops(baseUrl: () => string, query: string, count: number, pauseMs = 20) {
  let running = true;
  const outcomes: (Outcome & { at: number })[] = [];
  const loops = Array.from({ length: count }, async () => {
    while (running) {
      outcomes.push({ ...(await post(baseUrl(), query)), at: Date.now() });
      await sleep(pauseMs);
    }
  });
  return {
    outcomes,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** Threads whose counters disagree with their posts: a half-written reply. */
export const HALF_WRITTEN = `SELECT t.id FROM threads t
  WHERE t.post_count <> (SELECT count(*) FROM posts p WHERE p.thread_id = t.id AND NOT p.deleted AND NOT p.hidden)`;
/** Rooms whose stored event sequence has a gap or a duplicate. */
export const SEQ_GAPS = `SELECT room FROM room_events GROUP BY room HAVING count(*) <> max(seq) - min(seq) + 1`;

/** Counts outcomes by `status code` (or the network error). */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const o of outcomes) {
    const key = o.network ? `network ${o.network}` : `${o.status} ${o.code ?? 'ok'}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Registers a user and creates a thread through the public API of `baseUrl`. */
export async function userAndThread(baseUrl: string, prefix: string): Promise<{ token: string; userId: string; threadId: string }> {
  const suffix = Math.random().toString(16).slice(2, 10);
  const handle = `${prefix}-${suffix}`.slice(0, 30);
  const registered = await gqlRequest<any>(baseUrl, `mutation($input: RegisterInput!) { register(input: $input) { accessToken user { id } } }`, {
    input: { email: `${handle}@example.org`, password: `pw-${suffix}-long-enough`, displayName: `Fault ${handle}`, handle },
  });
  if (!registered.data) throw new Error(JSON.stringify(registered.errors));
  const token = registered.data.register.accessToken;
  const topic = await gqlRequest<any>(baseUrl, `{ topic(slug: "retorts") { id } }`);
  const thread = await gqlRequest<any>(
    baseUrl,
    `mutation($input: CreateThreadInput!) { createThread(input: $input) { id } }`,
    { input: { kind: 'DISCUSSION', title: `Fault thread ${suffix}`, body: 'Fault injection.', topicId: topic.data.topic.id } },
    token,
  );
  if (!thread.data) throw new Error(JSON.stringify(thread.errors));
  return { token, userId: registered.data.register.user.id, threadId: thread.data.createThread.id };
}

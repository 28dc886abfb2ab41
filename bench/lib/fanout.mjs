/**
 * Fan-out measurement shared by scenarios 6 (one instance) and 9 (two instances with Redis):
 * receivers processes hold the sockets (one per server URL, the clients split evenly), a sender
 * posts messages at a steady rate (open loop), and every arrival is timed against its send on one
 * clock.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gqlOk } from './app.mjs';
import { ask, DATA, ROOT, sleep, startNode, stop, treeTicks } from './proc.mjs';
import { ratioOf } from './report.mjs';
import { int, ms, num, summarize } from './stats.mjs';
import { tokenFor } from './tokens.mjs';
import { ADMIN_USER } from '../data/model.mjs';

const now = () => performance.timeOrigin + performance.now();
const SCHEDULE = `mutation Schedule($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`;
const START = `mutation Start($id: ID!) { startLiveSession(id: $id) { id status } }`;
export const SEND = `mutation Send($sessionId: ID!, $body: String!) { sendLiveMessage(sessionId: $sessionId, body: $body) { id seq } }`;
/** No new arrival for this long ends the wait for stragglers (the rest count as lost). */
const QUIET_MS = 10_000;
/** Beyond ~50 messages/s to 1,000 sockets the clients' own processes are the limit, for the bare server too. */
export const RATES = [5, 20, 50];

let messageSeq = 0;

/** Schedules and starts a live session hosted by the bench ADMIN; returns its room. */
export async function startLiveSession(baseUrl) {
  const admin = tokenFor(ADMIN_USER);
  const topicId = (await gqlOk(baseUrl, '{ topics { id } }')).topics[0].id;
  const start = new Date(Date.now() + 3_600_000);
  const input = { title: 'Bench fan-out session', description: 'Load test.', topicId, scheduledStartAt: start.toISOString(), scheduledEndAt: new Date(start.getTime() + 3_600_000).toISOString() };
  const sessionId = (await gqlOk(baseUrl, SCHEDULE, { input }, admin)).scheduleLiveSession.id;
  await gqlOk(baseUrl, START, { id: sessionId }, admin);
  return { sessionId, room: `session:${sessionId}`, admin };
}

async function collectAll(receivers) {
  const parts = await Promise.all(receivers.map((r) => ask(r, { cmd: 'collect' })));
  return {
    latencies: parts.flatMap((c) => c.latencies),
    duplicates: parts.reduce((n, c) => n + c.duplicates, 0),
    outOfOrder: parts.reduce((n, c) => n + c.outOfOrder, 0),
    lastAt: parts.reduce((last, c) => (c.lastAt !== null && (last === null || c.lastAt > last) ? c.lastAt : last), null),
  };
}

/**
 * The longest event-loop delay of the servers at `urls` since the last call (prom-client's
 * `nodejs_eventloop_lag_max_seconds` from `GET /metrics`, reset by each scrape), in ms; null when
 * no server answers it (the bare server has no /metrics).
 */
async function loopDelayMax(urls) {
  const each = await Promise.all(
    urls.map(async (url) => {
      try {
        const res = await fetch(`${url}/metrics`);
        const m = res.ok ? /^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(await res.text()) : null;
        return m ? Number(m[1]) * 1000 : null;
      } catch {
        return null;
      }
    }),
  );
  const known = each.filter((v) => v !== null);
  return known.length ? Math.max(...known) : null;
}

/**
 * Sends `rate` messages a second for `seconds` (open loop: on schedule, whatever the answers) and
 * waits for their delivery; beside the latencies, the busiest receivers process's CPU, the
 * servers' longest event-loop delay and the disk's slowest flush (`disk`) over the step.
 */
async function step(receivers, disk, urls, clients, rate, seconds, send) {
  await collectAll(receivers);
  await ask(disk, { cmd: 'collect' });
  await loopDelayMax(urls);
  const total = rate * seconds;
  const ticksBefore = receivers.map((r) => treeTicks(r.pid));
  const started = now();
  const sends = [];
  /** Why sends failed (an error answer, a connection error), each reason once. */
  const failures = new Set();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const k = ++messageSeq;
    const sentAt = now();
    sends.push(
      send(`bench-fanout k=${k} t=${sentAt.toFixed(3)}`).then(
        (ok) => (ok ? now() - sentAt : null),
        (err) => {
          failures.add(String(err?.code ?? err?.message ?? err).slice(0, 120));
          return null;
        },
      ),
    );
  }
  const answers = (await Promise.all(sends)).filter((a) => a !== null);
  const acked = answers.length;
  const answer = summarize(answers);
  const expected = acked * clients;
  // Wait for the deliveries by their count (cheap) and only then collect them: a receivers
  // process writing out its latencies does not read its sockets meanwhile, and deliveries still
  // on their way would be timed late. Those not in after QUIET_MS without a new one are lost.
  let counted = 0;
  let lastChange = Date.now();
  for (;;) {
    const n = (await Promise.all(receivers.map((r) => ask(r, { cmd: 'count' })))).reduce((sum, c) => sum + c.count, 0);
    if (n !== counted) {
      counted = n;
      lastChange = Date.now();
    }
    if (n >= expected || Date.now() - lastChange > QUIET_MS) break;
    await sleep(100);
  }
  // the receivers' CPU over the step (clock ticks are 1/100 s): the busiest process, as a share of one core
  const busiest = Math.max(...receivers.map((r, i) => (treeTicks(r.pid) ?? NaN) - ticksBefore[i]));
  const cpuSeconds = (now() - started) / 1000;
  const { latencies, duplicates, outOfOrder, lastAt } = await collectAll(receivers);
  const elapsed = lastAt ? (lastAt - started) / 1000 : null;
  const flushes = await ask(disk, { cmd: 'collect' });
  return {
    diskFlushMax: flushes.max,
    loopDelayMax: await loopDelayMax(urls),
    clientsCpu: Number.isFinite(busiest) ? busiest / 100 / cpuSeconds : null,
    ...summarize(latencies),
    sent: total,
    acked,
    received: latencies.length,
    lost: expected - latencies.length,
    duplicates,
    outOfOrder,
    deliveredPerSecond: elapsed ? latencies.length / elapsed : 0,
    answerP50: answer.p50,
    answerP99: answer.p99,
    failures: [...failures],
  };
}

export const fanoutCell = (r) =>
  `${num(r.deliveredPerSecond)} deliveries/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · max ${ms(r.max)} · ${int(r.received)} delivered, lost ${int(r.lost)} · sender's answer p50 ${ms(r.answerP50)}, p99 ${ms(r.answerP99)}` +
  (r.clientsCpu !== null && r.clientsCpu !== undefined ? ` · clients' process ${Math.round(r.clientsCpu * 100)}% of a core` : '') +
  (r.loopDelayMax !== null && r.loopDelayMax !== undefined ? ` · longest event-loop delay ${ms(r.loopDelayMax)}` : '') +
  (r.diskFlushMax !== null && r.diskFlushMax !== undefined ? ` · slowest disk flush ${ms(r.diskFlushMax)}` : '') +
  (r.acked < r.sent ? ` · **${r.sent - r.acked} sends failed** (${r.failures.join('; ') || 'not accepted'})` : '') +
  (r.duplicates || r.outOfOrder ? ` · **${r.duplicates} duplicates, ${r.outOfOrder} out of order**` : '');

/** Whether a step meets issue 17's targets against its baseline. */
export function fanoutMet(ours, ratio, rate) {
  return ratio !== null && ratio >= 0.7 && ours.lost === 0 && ours.acked === ours.sent && !ours.duplicates && !ours.outOfOrder && (rate !== 50 || (ours.p99 !== null && ours.p99 < 100));
}

/**
 * The receiving clients' program: `c` compiles bench/fanout/receivers.c once (again when the
 * source is newer) into bench/.data (which must exist); `node` is receivers.mjs (socket.io-client).
 */
export function receiversProgram(kind) {
  if (kind === 'node') return { script: join(ROOT, 'bench', 'fanout', 'receivers.mjs'), env: {} };
  const source = join(ROOT, 'bench', 'fanout', 'receivers.c');
  const bin = join(DATA, 'receivers');
  const mtime = (f) => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return -1;
    }
  };
  if (mtime(bin) < mtime(source)) {
    execFileSync(process.env.CC || 'cc', ['-O2', '-o', bin, source], { stdio: 'inherit' });
  }
  return { script: join(ROOT, 'bench', 'fanout', 'receivers-native.mjs'), env: { RECEIVERS_BIN: bin } };
}

/** What a report says of the receivers' kind. */
export const clientsNote = (kind) =>
  kind === 'node'
    ? 'socket.io-client sockets in one Node process per server (`--clients node`)'
    : "bench/fanout/receivers.c, socket.io's protocol on one epoll loop, one process per server; each row gives the busiest one's CPU";

/**
 * Connects `clients` signed-in sockets split evenly over `urls` (one receivers process per URL,
 * of the `receivers` kind: c or node), subscribes them to `room`, then measures each rate. Token
 * indexes start at 3 (1 and 2 are the bench's ADMIN and viewer).
 */
export async function measureFanout({ name, urls, room, clients, receivers: kind = 'c', rates = RATES, seconds, send }) {
  mkdirSync(DATA, { recursive: true });
  const program = receiversProgram(kind);
  const receivers = urls.map((_, i) => startNode(`${name}-receivers-${i + 1}`, program.script, { env: program.env }));
  const disk = startNode(`${name}-disk-probe`, join(ROOT, 'bench', 'fanout', 'disk-probe.mjs'), { env: { PROBE_DIR: DATA } });
  try {
    const per = Math.ceil(clients / urls.length);
    await Promise.all(
      urls.map(async (url, i) => {
        const tokens = Array.from({ length: Math.min(per, clients - i * per) }, (_, j) => tokenFor(i * per + j + 3));
        const connected = await ask(receivers[i], { cmd: 'connect', url, tokens, room });
        if (connected.failed) throw new Error(`${name}: ${connected.failed} of ${tokens.length} sockets on ${url} failed to connect or subscribe: ${connected.errors.join('; ')}`);
      }),
    );
    // a first message reaches everyone before the clock starts (connections warm)
    await step(receivers, disk, urls, clients, 2, 1, send);
    const results = [];
    for (const rate of rates) results.push(await step(receivers, disk, urls, clients, rate, seconds, send));
    return results;
  } finally {
    await Promise.all([...receivers, disk].map((r) => ask(r, { cmd: 'close' }).catch(() => {})));
    await Promise.all([...receivers, disk].map((r) => stop(r)));
  }
}

/** Sends a chat message as the session's host through the service's `sendLiveMessage`; resolves whether it was accepted. */
export const serviceSender = (poster, baseUrl, { sessionId, admin }) => {
  const headers = { authorization: `Bearer ${admin}` };
  return async (body) => {
    const answer = await poster.post(`${baseUrl}/graphql`, { query: SEND, variables: { sessionId, body } }, headers);
    if (answer.errors) throw new Error(`${answer.errors[0]?.extensions?.code}: ${answer.errors[0]?.message}`);
    return !!answer.data?.sendLiveMessage?.id;
  };
};

/**
 * Sends a chat message as the session's host over a socket of its own (`live:message`, as a
 * live-session page does); resolves whether it was accepted. `close()` ends the socket.
 */
export async function socketSender(baseUrl, { sessionId, admin }) {
  const { io } = await import('socket.io-client');
  const socket = io(baseUrl, { auth: { token: admin }, transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const send = async (body) => {
    const ack = await socket.timeout(60_000).emitWithAck('live:message', { sessionId, body });
    if (ack?.ok === false) throw new Error(`${ack.error}`);
    return ack?.ok === true && !!ack.message?.id;
  };
  return Object.assign(send, { close: () => socket.close() });
}

/** Sends the same message through a bare socket.io server's `POST /send`. */
export const bareSender = (poster, baseUrl, room) => async (body) => (await poster.post(`${baseUrl}/send`, { room, body })).data?.sendLiveMessage?.id !== undefined;

/** The table rows of a fan-out scenario: one per rate, ours beside the baseline's. */
export function fanoutRows({ id, name, baselineLabel, ours, base, suffix = '' }) {
  return RATES.map((rate, i) => {
    const ratio = ratioOf(ours[i].deliveredPerSecond, base[i].deliveredPerSecond);
    return {
      id: `${id}${suffix} @${rate}/s`,
      name: `${name}, ${rate} messages/s`,
      ours: fanoutCell(ours[i]),
      baseline: `${baselineLabel}: ${fanoutCell(base[i])}`,
      ratio,
      target: rate === 50 ? '≥ 0.7×, p99 < 100 ms, 0 lost' : '≥ 0.7×, 0 lost',
      met: fanoutMet(ours[i], ratio, rate),
      raw: { ours: ours[i], base: base[i] },
    };
  });
}

/**
 * 6. Live fan-out: N socket.io clients in one live-session room, chat messages sent at rising
 * rates, each timed from just before its sender's request to its arrival (one clock), against a
 * bare socket.io server broadcasting the same messages.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gqlOk } from '../lib/app.mjs';
import { jsonPoster } from '../lib/http.mjs';
import { ask, ROOT, sleep, startNode, stop } from '../lib/proc.mjs';
import { ratioOf } from '../lib/report.mjs';
import { int, ms, num, summarize } from '../lib/stats.mjs';
import { tokenFor } from '../lib/tokens.mjs';
import { ADMIN_USER } from '../data/model.mjs';

const now = () => performance.timeOrigin + performance.now();
const SCHEDULE = `mutation Schedule($input: ScheduleLiveSessionInput!) { scheduleLiveSession(input: $input) { id } }`;
const START = `mutation Start($id: ID!) { startLiveSession(id: $id) { id status } }`;
const SEND = `mutation Send($sessionId: ID!, $body: String!) { sendLiveMessage(sessionId: $sessionId, body: $body) { id seq } }`;
/** No new arrival for this long ends the wait for stragglers (the rest count as lost). */
const QUIET_MS = 10_000;

let messageSeq = 0;

/** Sends `rate` messages a second for `seconds` (open loop: on schedule, whatever the answers) and waits for their delivery. */
async function step(receivers, clients, rate, seconds, send) {
  await ask(receivers, { cmd: 'collect' });
  const total = rate * seconds;
  const started = now();
  const sends = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - now();
    if (wait > 1) await sleep(wait);
    const k = ++messageSeq;
    sends.push(send(`bench-fanout k=${k} t=${now().toFixed(3)}`).then((ok) => ok, () => false));
  }
  const acked = (await Promise.all(sends)).filter(Boolean).length;
  const expected = acked * clients;
  let received = 0;
  let lastChange = Date.now();
  let collected = { latencies: [], perMessage: {}, duplicates: 0, outOfOrder: 0, lastAt: null };
  for (;;) {
    const c = await ask(receivers, { cmd: 'collect' });
    collected = {
      latencies: collected.latencies.concat(c.latencies),
      perMessage: { ...collected.perMessage, ...c.perMessage },
      duplicates: collected.duplicates + c.duplicates,
      outOfOrder: collected.outOfOrder + c.outOfOrder,
      lastAt: c.lastAt ?? collected.lastAt,
    };
    if (c.latencies.length) lastChange = Date.now();
    received += c.latencies.length;
    if (received >= expected || Date.now() - lastChange > QUIET_MS) break;
    await sleep(250);
  }
  const seconds_ = collected.lastAt ? (collected.lastAt - started) / 1000 : null;
  return {
    ...summarize(collected.latencies),
    sent: total,
    acked,
    received,
    lost: expected - received,
    duplicates: collected.duplicates,
    outOfOrder: collected.outOfOrder,
    deliveredPerSecond: seconds_ ? received / seconds_ : 0,
  };
}

const cell = (r) =>
  `${num(r.deliveredPerSecond)} deliveries/s · p50 ${ms(r.p50)} · p99 ${ms(r.p99)} · ${int(r.received)} delivered, lost ${int(r.lost)}` +
  (r.acked < r.sent ? ` · **${r.sent - r.acked} sends failed**` : '') +
  (r.duplicates || r.outOfOrder ? ` · **${r.duplicates} duplicates, ${r.outOfOrder} out of order**` : '');

async function run(ctx, { url, room, clients, rates, seconds, send, name }) {
  const receivers = startNode(`${name}-receivers`, join(ROOT, 'bench', 'fanout', 'receivers.mjs'));
  try {
    const tokens = Array.from({ length: clients }, (_, i) => tokenFor(i + 3));
    const connected = await ask(receivers, { cmd: 'connect', url, tokens, room });
    if (connected.failed) throw new Error(`${name}: ${connected.failed} of ${clients} sockets failed to connect or subscribe: ${connected.errors.join('; ')}`);
    // a first message reaches everyone before the clock starts (connections warm)
    await step(receivers, clients, 2, 1, send);
    const results = [];
    for (const rate of rates) results.push(await step(receivers, clients, rate, seconds, send));
    return results;
  } finally {
    await ask(receivers, { cmd: 'close' }).catch(() => {});
    await stop(receivers);
  }
}

export default {
  id: 6,
  key: 'fanout',
  async run(ctx) {
    const clients = ctx.opts.quick ? 200 : 1000;
    // beyond ~50 messages/s to 1,000 sockets the clients' own process (one core) is the limit, for the bare server too
    const rates = [5, 20, 50];
    const seconds = ctx.opts.quick ? 3 : 8;
    const { baseUrl } = ctx.service;
    const admin = tokenFor(ADMIN_USER);
    const topicId = (await gqlOk(baseUrl, '{ topics { id } }')).topics[0].id;
    const start = new Date(Date.now() + 3_600_000);
    const input = { title: 'Bench fan-out session', description: 'Load test.', topicId, scheduledStartAt: start.toISOString(), scheduledEndAt: new Date(start.getTime() + 3_600_000).toISOString() };
    const sessionId = (await gqlOk(baseUrl, SCHEDULE, { input }, admin)).scheduleLiveSession.id;
    await gqlOk(baseUrl, START, { id: sessionId }, admin);
    const room = `session:${sessionId}`;

    const headers = { authorization: `Bearer ${admin}` };
    const poster = jsonPoster();
    const ours = await run(ctx, {
      name: 'fanout-service',
      url: baseUrl,
      room,
      clients,
      rates,
      seconds,
      send: async (body) => {
        const answer = await poster.post(`${baseUrl}/graphql`, { query: SEND, variables: { sessionId, body } }, headers);
        return !answer.errors && !!answer.data?.sendLiveMessage?.id;
      },
    });

    const bare = await ctx.startHelper('socketio-bare', 'bench/baselines/socketio-bare.mjs', {}, async (u) => (await fetch(`${u}/health`)).status === 200);
    let base;
    try {
      base = await run(ctx, {
        name: 'fanout-bare',
        url: bare.baseUrl,
        room,
        clients,
        rates,
        seconds,
        send: async (body) => (await poster.post(`${bare.baseUrl}/send`, { room, body })).data?.sendLiveMessage?.id !== undefined,
      });
    } finally {
      poster.close();
      await stop(bare.proc);
    }

    ctx.note(`6: ${clients} signed-in sockets in one live-session room; messages sent by an ADMIN host with \`sendLiveMessage\` over HTTP at each rate for ${seconds} s (open loop); latency from just before the send to arrival; delivered/s = deliveries ÷ (last arrival − first send).`);
    return rates.map((rate, i) => {
      const ratio = ratioOf(ours[i].deliveredPerSecond, base[i].deliveredPerSecond);
      const at50 = rate === 50;
      return {
        id: `6 @${rate}/s`,
        name: `Live fan-out, ${clients} clients, ${rate} messages/s`,
        ours: cell(ours[i]),
        baseline: `bare socket.io: ${cell(base[i])}`,
        ratio,
        target: at50 ? '≥ 0.7×, p99 < 100 ms, 0 lost' : '≥ 0.7×, 0 lost',
        met: ratio !== null && ratio >= 0.7 && ours[i].lost === 0 && ours[i].acked === ours[i].sent && !ours[i].duplicates && !ours[i].outOfOrder && (!at50 || (ours[i].p99 !== null && ours[i].p99 < 100)),
        raw: { ours: ours[i], base: base[i] },
      };
    });
  },
};

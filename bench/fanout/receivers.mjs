/**
 * Socket.io clients of scenarios 6 and 7, in their own process (driven over IPC by the bench):
 * `connect` opens N signed-in sockets (websocket transport) and optionally subscribes each to a
 * room; `live.message` events carrying `bench-fanout k=<k> t=<ms>` in their body are timed on
 * arrival against the sender's timestamp (the same machine clock: performance.timeOrigin + now);
 * `count` says how many arrived since the last collect, `collect` returns them; `close` disconnects everything.
 */
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import { serveCommands } from './child-commands.mjs';

const now = () => performance.timeOrigin + performance.now();
const MARK = /bench-fanout k=(\d+) t=([\d.]+)/;

let sockets = [];
let step = newStep();

function newStep() {
  return { latencies: [], perMessage: new Map(), duplicates: 0, outOfOrder: 0, firstAt: null, lastAt: null };
}

function connectOne(url, token, room) {
  return new Promise((resolve) => {
    const socket = io(url, { auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true, timeout: 60_000 });
    const seen = new Set();
    let lastSeq = 0;
    socket.on('event', (e) => {
      if (e?.type !== 'live.message') return;
      const m = MARK.exec(e.data?.body ?? '');
      if (!m) return;
      const at = now();
      const k = Number(m[1]);
      if (seen.has(k)) {
        step.duplicates++;
        return;
      }
      seen.add(k);
      if (typeof e.seq === 'number') {
        if (e.seq <= lastSeq) step.outOfOrder++;
        lastSeq = e.seq;
      }
      step.latencies.push(at - Number(m[2]));
      step.perMessage.set(k, (step.perMessage.get(k) ?? 0) + 1);
      step.firstAt ??= at;
      step.lastAt = at;
    });
    socket.once('connect_error', (err) => resolve({ socket, error: err?.message ?? 'connect_error' }));
    socket.once('connect', () => {
      if (!room) return resolve({ socket });
      socket.emit('subscribe', { room }, (ack) => resolve(ack?.ok ? { socket } : { socket, error: `subscribe: ${JSON.stringify(ack)}` }));
    });
  });
}

async function connect({ url, tokens, room, concurrency = 50 }) {
  const errors = [];
  for (let i = 0; i < tokens.length; i += concurrency) {
    const batch = await Promise.all(tokens.slice(i, i + concurrency).map((t) => connectOne(url, t, room)));
    for (const r of batch) {
      sockets.push(r.socket);
      if (r.error) errors.push(r.error);
    }
  }
  return { connected: sockets.filter((s) => s.connected).length, failed: errors.length, errors: [...new Set(errors)].slice(0, 5) };
}

serveCommands({
  connect,
  count: () => ({ count: step.latencies.length }),
  collect() {
    const s = step;
    step = newStep();
    return { latencies: s.latencies, perMessage: Object.fromEntries(s.perMessage), duplicates: s.duplicates, outOfOrder: s.outOfOrder, firstAt: s.firstAt, lastAt: s.lastAt, connected: sockets.filter((x) => x.connected).length };
  },
  close() {
    for (const s of sockets) s.disconnect();
    sockets = [];
    return { ok: true };
  },
});

/**
 * 7. Memory: RSS per idle signed-in socket, and the idle process, against a bare socket.io server.
 * RSS is read after a full garbage collection (the processes run with --expose-gc; the probe calls it).
 */
import { join } from 'node:path';
import { memoryOf } from '../lib/app.mjs';
import { ask, ROOT, sleep, startNode, stop } from '../lib/proc.mjs';
import { kb, mb } from '../lib/stats.mjs';
import { tokenFor } from '../lib/tokens.mjs';

/** RSS and heap before and after `n` idle sockets connect to the server of `proc` at `url`. */
async function perSocket(proc, url, n, name) {
  const before = await memoryOf(proc);
  const receivers = startNode(`${name}-sockets`, join(ROOT, 'bench', 'fanout', 'receivers.mjs'));
  try {
    const connected = await ask(receivers, { cmd: 'connect', url, tokens: Array.from({ length: n }, (_, i) => tokenFor(i + 3)) });
    if (connected.failed) throw new Error(`${name}: ${connected.failed} of ${n} sockets failed: ${connected.errors.join('; ')}`);
    await sleep(2000);
    const after = await memoryOf(proc);
    const retained = (m) => m.heapUsed + m.external;
    return { idleRss: before.rss, rss: (after.rss - before.rss) / n, heap: (retained(after) - retained(before)) / n };
  } finally {
    await ask(receivers, { cmd: 'close' }).catch(() => {});
    await stop(receivers);
  }
}

export default {
  id: 7,
  key: 'memory',
  async run(ctx) {
    const n = ctx.opts.quick ? 500 : 1000;
    // a fresh process: "idle" means started and warmed by one request, not after the load of the other scenarios
    await ctx.restartService();
    await fetch(`${ctx.service.baseUrl}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    const ours = await perSocket(ctx.service.proc, ctx.service.baseUrl, n, 'memory-service');
    const bare = await ctx.startHelper('socketio-bare', 'bench/baselines/socketio-bare.mjs', {}, async (u) => (await fetch(`${u}/health`)).status === 200);
    let base;
    try {
      base = await perSocket(bare.proc, bare.baseUrl, n, 'memory-bare');
    } finally {
      await stop(bare.proc);
    }
    // RSS after GC understates when the process already holds freed pages (a warm heap grows into
    // them): the larger of the RSS delta and the retained JS memory (heap + external) is the figure
    const figure = (m) => Math.max(m.rss, m.heap);
    ctx.note(
      `7: ${n} signed-in sockets connected, idle 2 s, then a full GC; per socket, the larger of the RSS delta and the retained heap + external memory (RSS: ours ${kb(ours.rss)}, bare ${kb(base.rss)}; heap + external: ours ${kb(ours.heap)}, bare ${kb(base.heap)}).`,
    );
    return [
      {
        id: '7 socket',
        name: `Memory per idle signed-in socket (${n} sockets)`,
        ours: `${kb(figure(ours))} per socket`,
        baseline: `bare socket.io: ${kb(figure(base))} per socket`,
        ratio: figure(ours) > 0 ? figure(base) / figure(ours) : null,
        target: '< 20 KB',
        met: figure(ours) < 20 * 1024,
        raw: { ours, base },
      },
      {
        id: '7 idle',
        name: 'Idle process RSS (after start, one request, full GC)',
        ours: `${mb(ours.idleRss)}`,
        baseline: `bare socket.io + node:http: ${mb(base.idleRss)}`,
        ratio: base.idleRss / ours.idleRss,
        target: '–',
        met: null,
      },
    ];
  },
};

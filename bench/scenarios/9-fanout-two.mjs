/**
 * 9. Live fan-out across two instances: the service twice on the same database with Redis (the
 * socket.io Redis adapter), half of the clients on each, messages sent to the first; against two
 * bare socket.io servers on the same Redis adapter broadcasting the same messages.
 */
import { jsonPoster } from '../lib/http.mjs';
import { bareSender, clientsNote, fanoutRows, measureFanout, RATES, serviceSender, socketSender, startLiveSession } from '../lib/fanout.mjs';
import { startService, stopService } from '../lib/app.mjs';
import { stop } from '../lib/proc.mjs';

async function redisAnswers(url) {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const skipped = (why) =>
  ['', 's'].flatMap((suffix) =>
    RATES.map((rate) => ({ id: `9${suffix} @${rate}/s`, name: `Live fan-out, two instances${suffix ? ', sent over the socket' : ''}, ${rate} messages/s`, ours: `not measured: ${why}`, baseline: '–', ratio: null, target: '≥ 0.7×', met: null })),
  );

export default {
  id: 9,
  key: 'fanout2',
  async run(ctx) {
    if (ctx.opts.embedded) return skipped('two instances share a PostgreSQL server (the embedded database serves one process)');
    const redisUrl = ctx.opts.redisUrl ?? 'redis://127.0.0.1:6379';
    if (!(await redisAnswers(redisUrl))) return skipped(`no Redis at ${redisUrl}`);
    const clients = ctx.opts.quick ? 200 : 1000;
    const seconds = ctx.opts.quick ? 3 : 20;
    const redisEnv = { REDIS_URL: redisUrl, REALTIME_REDIS_KEY: `asgm-bench-${process.pid}` };

    // the one-instance service of the other scenarios makes room for the two
    await ctx.stopService();
    const a = await startService(ctx, { name: 'service-a', env: redisEnv });
    const b = await startService(ctx, { name: 'service-b', env: redisEnv });
    const poster = jsonPoster();
    let ours;
    let viaSocket;
    let base;
    try {
      const session = await startLiveSession(a.baseUrl);
      const { room } = session;
      ours = await measureFanout({
        name: 'fanout2-service',
        urls: [a.baseUrl, b.baseUrl],
        room,
        clients,
        receivers: ctx.opts.clients,
        seconds,
        send: serviceSender(poster, a.baseUrl, session),
      });
      // the same, sent over the host's own socket on the first instance (`live:message`)
      const overSocket = await socketSender(a.baseUrl, session);
      try {
        viaSocket = await measureFanout({ name: 'fanout2-service-socket', urls: [a.baseUrl, b.baseUrl], room, clients, receivers: ctx.opts.clients, seconds, send: overSocket });
      } finally {
        overSocket.close();
      }
      await stopService(a);
      await stopService(b);

      const bareEnv = { REDIS_URL: redisUrl, REDIS_KEY: `bench-bare-${process.pid}` };
      const ready = async (u) => (await fetch(`${u}/health`)).status === 200;
      const bareA = await ctx.startHelper('socketio-bare-a', 'bench/baselines/socketio-bare.mjs', bareEnv, ready);
      const bareB = await ctx.startHelper('socketio-bare-b', 'bench/baselines/socketio-bare.mjs', bareEnv, ready);
      try {
        base = await measureFanout({
          name: 'fanout2-bare',
          urls: [bareA.baseUrl, bareB.baseUrl],
          room,
          clients,
          receivers: ctx.opts.clients,
          seconds,
          send: bareSender(poster, bareA.baseUrl, room),
        });
      } finally {
        await stop(bareA.proc);
        await stop(bareB.proc);
      }
    } finally {
      poster.close();
      await stopService(a);
      await stopService(b);
      ctx.service = await startService(ctx);
    }

    ctx.note(`9: two service instances on the same database and Redis (${redisUrl}, socket.io Redis adapter), ${clients / 2} signed-in sockets on each, messages sent to the first at each rate for ${seconds} s (rows 9s: over the host's own socket on the first, \`live:message\`); baseline: two bare socket.io servers on the same Redis adapter, messages sent to the first. Clients: ${clientsNote(ctx.opts.clients)}.`);
    return [
      ...fanoutRows({ id: 9, name: `Live fan-out, two instances + Redis, ${clients} clients`, baselineLabel: 'two bare socket.io + Redis adapter', ours, base }),
      ...fanoutRows({ id: 9, suffix: 's', name: `Live fan-out, two instances + Redis, ${clients} clients, sent over the socket`, baselineLabel: 'two bare socket.io + Redis adapter', ours: viaSocket, base }),
    ];
  },
};

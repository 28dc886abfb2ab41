/**
 * 6. Live fan-out: N socket.io clients in one live-session room, chat messages sent at rising
 * rates, each timed from just before its sender's request to its arrival (one clock), against a
 * bare socket.io server broadcasting the same messages.
 */
import { jsonPoster } from '../lib/http.mjs';
import { fanoutCell, fanoutMet, measureFanout, RATES, SEND, startLiveSession } from '../lib/fanout.mjs';
import { stop } from '../lib/proc.mjs';
import { ratioOf } from '../lib/report.mjs';

export default {
  id: 6,
  key: 'fanout',
  async run(ctx) {
    const clients = ctx.opts.quick ? 200 : 1000;
    const seconds = ctx.opts.quick ? 3 : 8;
    const { baseUrl } = ctx.service;
    const { sessionId, room, admin } = await startLiveSession(baseUrl);
    const headers = { authorization: `Bearer ${admin}` };
    const poster = jsonPoster();
    try {
      const ours = await measureFanout({
        name: 'fanout-service',
        urls: [baseUrl],
        room,
        clients,
        seconds,
        send: async (body) => {
          const answer = await poster.post(`${baseUrl}/graphql`, { query: SEND, variables: { sessionId, body } }, headers);
          return !answer.errors && !!answer.data?.sendLiveMessage?.id;
        },
      });

      const bare = await ctx.startHelper('socketio-bare', 'bench/baselines/socketio-bare.mjs', {}, async (u) => (await fetch(`${u}/health`)).status === 200);
      let base;
      try {
        base = await measureFanout({
          name: 'fanout-bare',
          urls: [bare.baseUrl],
          room,
          clients,
          seconds,
          send: async (body) => (await poster.post(`${bare.baseUrl}/send`, { room, body })).data?.sendLiveMessage?.id !== undefined,
        });
      } finally {
        await stop(bare.proc);
      }

      ctx.note(`6: ${clients} signed-in sockets in one live-session room; messages sent by an ADMIN host with \`sendLiveMessage\` over HTTP at each rate for ${seconds} s (open loop); latency from just before the send to arrival; delivered/s = deliveries ÷ (last arrival − first send).`);
      return RATES.map((rate, i) => {
        const ratio = ratioOf(ours[i].deliveredPerSecond, base[i].deliveredPerSecond);
        return {
          id: `6 @${rate}/s`,
          name: `Live fan-out, ${clients} clients, ${rate} messages/s`,
          ours: fanoutCell(ours[i]),
          baseline: `bare socket.io: ${fanoutCell(base[i])}`,
          ratio,
          target: rate === 50 ? '≥ 0.7×, p99 < 100 ms, 0 lost' : '≥ 0.7×, 0 lost',
          met: fanoutMet(ours[i], ratio, rate),
          raw: { ours: ours[i], base: base[i] },
        };
      });
    } finally {
      poster.close();
    }
  },
};

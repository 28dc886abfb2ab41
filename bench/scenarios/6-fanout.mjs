/**
 * 6. Live fan-out: N socket.io clients in one live-session room, chat messages sent at rising
 * rates, each timed from just before its sender's request to its arrival (one clock), against a
 * bare socket.io server broadcasting the same messages.
 */
import { jsonPoster } from '../lib/http.mjs';
import { bareSender, clientsNote, fanoutRows, measureFanout, serviceSender, socketSender, startLiveSession } from '../lib/fanout.mjs';
import { stop } from '../lib/proc.mjs';

export default {
  id: 6,
  key: 'fanout',
  async run(ctx) {
    const clients = ctx.opts.quick ? 200 : 1000;
    const seconds = ctx.opts.quick ? 3 : 20;
    const { baseUrl } = ctx.service;
    const session = await startLiveSession(baseUrl);
    const { room } = session;
    const poster = jsonPoster();
    try {
      const ours = await measureFanout({
        name: 'fanout-service',
        urls: [baseUrl],
        room,
        clients,
        receivers: ctx.opts.clients,
        seconds,
        send: serviceSender(poster, baseUrl, session),
      });

      // the same, sent over the host's own socket (\`live:message\`) as a live-session page does
      const overSocket = await socketSender(baseUrl, session);
      let viaSocket;
      try {
        viaSocket = await measureFanout({ name: 'fanout-service-socket', urls: [baseUrl], room, clients, receivers: ctx.opts.clients, seconds, send: overSocket });
      } finally {
        overSocket.close();
      }

      const bare = await ctx.startHelper('socketio-bare', 'bench/baselines/socketio-bare.mjs', {}, async (u) => (await fetch(`${u}/health`)).status === 200);
      let base;
      try {
        base = await measureFanout({
          name: 'fanout-bare',
          urls: [bare.baseUrl],
          room,
          clients,
          receivers: ctx.opts.clients,
          seconds,
          send: bareSender(poster, bare.baseUrl, room),
        });
      } finally {
        await stop(bare.proc);
      }

      ctx.note(`6: ${clients} signed-in sockets in one live-session room; messages sent by an ADMIN host with \`sendLiveMessage\` over HTTP (rows 6s: over the host's own socket, \`live:message\`) at each rate for ${seconds} s (open loop); latency from just before the send to arrival; delivered/s = deliveries ÷ (last arrival − first send); the sender's answer: from the send to its HTTP answer or socket acknowledgement. Clients: ${clientsNote(ctx.opts.clients)}.`);
      return [
        ...fanoutRows({ id: 6, name: `Live fan-out, ${clients} clients`, baselineLabel: 'bare socket.io', ours, base }),
        ...fanoutRows({ id: 6, suffix: 's', name: `Live fan-out, ${clients} clients, sent over the socket`, baselineLabel: 'bare socket.io', ours: viaSocket, base }),
      ];
    } finally {
      poster.close();
    }
  },
};

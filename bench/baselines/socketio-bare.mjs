/**
 * Baseline of scenarios 6, 7 and 9: a bare socket.io server (the service's version) on node:http.
 * Clients `subscribe` to a room (acknowledged), `POST /send {"room","body"}` broadcasts one
 * envelope shaped like the service's `live.message` to the room (one room-wide emit). With
 * REDIS_URL set it uses the Redis adapter (channel prefix REDIS_KEY), as the service does when it
 * runs as several instances.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const seqs = new Map();
const author = { id: randomUUID(), handle: 'bench-1', displayName: 'Bench User 1' };

const http = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/send') {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const { room, body } = JSON.parse(raw);
      const seq = (seqs.get(room) ?? 0) + 1;
      seqs.set(room, seq);
      const createdAt = new Date().toISOString();
      const data = { messageId: randomUUID(), sessionId: room.slice('session:'.length), author, body, bodyHtml: `<p>${body}</p>`, createdAt };
      io.to(room).emit('event', { room, seq, type: 'live.message', data, at: createdAt });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { sendLiveMessage: { id: data.messageId, seq } } }));
    });
    return;
  }
  res.writeHead(req.url === '/health' ? 200 : 404).end();
});

const io = new Server(http);
if (process.env.REDIS_URL) {
  const { Redis } = await import('ioredis');
  const { createAdapter } = await import('@socket.io/redis-adapter');
  const pub = new Redis(process.env.REDIS_URL);
  const sub = pub.duplicate();
  io.adapter(createAdapter(pub, sub, { key: process.env.REDIS_KEY ?? 'bench-bare' }));
}
io.on('connection', (socket) => {
  socket.data.token = socket.handshake.auth?.token ?? null;
  socket.on('subscribe', (payload, ack) => {
    const room = payload?.room;
    if (typeof room !== 'string') return ack?.({ ok: false, error: 'BAD_USER_INPUT' });
    socket.join(room);
    ack?.({ ok: true, seq: seqs.get(room) ?? 0 });
  });
});

http.listen(Number(process.env.PORT), '127.0.0.1');

import type { Server } from 'socket.io';

/** What this module relies on of engine.io's WebSocket transport (engine.io 6: `transports/websocket`). */
interface WsTransport {
  name: string;
  send(packets: unknown[]): void;
  /** The `ws` WebSocket, and under it the TCP socket. */
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

interface EngineSocket {
  transport: WsTransport;
  on(event: 'upgrade', listener: (transport: WsTransport) => void): void;
}

const CORKED = Symbol('corked');

/**
 * One `writev` per socket for the packets engine.io had to hold back, instead of one per packet.
 *
 * engine.io writes a packet to a WebSocket at once when the socket's last write is done, and
 * holds the packets that come meanwhile; once it is, it sends those held packets in one call
 * (`transport.send(packets)`), and `ws` writes each of them as a frame of its own (a kernel
 * write each). That is the case of a room that gets events faster than they go out: a backlog.
 * Each socket's TCP stream is corked for that one call, so all its held frames leave in one
 * system call: under load the writes per socket fall with the depth of the backlog, and without
 * a backlog (one packet per call) nothing changes. Frames, their order and their callbacks are
 * `ws`'s own; only the kernel writes are gathered.
 */
export function corkHeldPackets(server: Server): void {
  const wrap = (transport: WsTransport) => {
    if (transport.name !== 'websocket' || (transport as unknown as Record<symbol, boolean>)[CORKED]) return;
    (transport as unknown as Record<symbol, boolean>)[CORKED] = true;
    const send = transport.send.bind(transport);
    transport.send = (packets) => {
      const tcp = transport.socket?._socket;
      if (packets.length < 2 || !tcp) return send(packets);
      tcp.cork();
      try {
        send(packets);
      } finally {
        tcp.uncork();
      }
    };
  };
  server.engine.on('connection', (socket: EngineSocket) => {
    wrap(socket.transport);
    socket.on('upgrade', wrap);
  });
}

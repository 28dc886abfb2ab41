import { Server as EngineServer, transports } from 'engine.io';
import type { Server } from 'socket.io';

/** What this module relies on of engine.io 6's WebSocket transport (`transports.websocket`). */
interface WsTransport {
  name: string;
  writable: boolean;
  send(packets: unknown[]): void;
  /** The `ws` WebSocket, and under it the TCP socket. */
  socket?: { _socket?: { cork(): void; uncork(): void } };
}

/** What this module relies on of an engine.io Socket (a socket.io socket's `conn`). */
export interface EngineSocket {
  transport: WsTransport;
  /** Sends the packets it holds, if its transport is writable. */
  flush(): void;
}

const CORKED = Symbol.for('asgm.corkedHeldPackets');

/**
 * One `writev` per socket for the packets engine.io sends in one go, instead of one per packet.
 *
 * engine.io writes a packet to a WebSocket at once when the socket's last write is done, and
 * holds the packets that come meanwhile; then it sends those held packets in one call
 * (`transport.send(packets)`), and `ws` writes each of them as a frame of its own, a kernel write
 * each. The TCP socket is corked for that one call, so all of them leave in one system call.
 * Frames, their order and their callbacks are `ws`'s own; only the kernel writes are gathered.
 * With one packet per call (no backlog) nothing changes. The WebSocket transport's prototype is
 * wrapped once per process (the `ws` maintainers' advice for batching frames: cork the socket,
 * websockets/ws#1999); engine.io has no option for it. false: `server` runs on another copy of
 * engine.io than the one this module loads, and nothing was wrapped.
 */
export function corkHeldPackets(server: Server): boolean {
  // the engine.io this module wraps must be the one socket.io serves with (one copy installed)
  if (!(server.engine instanceof EngineServer)) return false;
  const proto = transports.websocket.prototype as unknown as WsTransport & { [CORKED]?: true };
  if (proto[CORKED]) return true;
  const send = proto.send;
  proto.send = function corkedSend(this: WsTransport, packets: unknown[]) {
    const tcp = this.socket?._socket;
    if (packets.length < 2 || !tcp) return send.call(this, packets);
    tcp.cork();
    try {
      send.call(this, packets);
    } finally {
      tcp.uncork();
    }
  };
  proto[CORKED] = true;
  return true;
}

/**
 * Runs `send` (emits to these engine.io sockets, synchronously) with each socket's packets held
 * back, then sends each socket's in one go: one `transport.send`, so one kernel write (with
 * `corkHeldPackets`) for all it was given, instead of one for the first and one for the rest.
 * Only WebSocket transports with nothing being written are held (the others hold their packets
 * already); nothing else runs in between, so engine.io finds what it finds after a write.
 * Never for volatile emits: socket.io drops those while the transport is not writable.
 */
export function inOneWrite(sockets: Iterable<EngineSocket | undefined>, send: () => void): void {
  const held: { socket: EngineSocket; transport: WsTransport }[] = [];
  for (const socket of sockets) {
    const transport = socket?.transport;
    if (!socket || transport?.name !== 'websocket' || !transport.writable) continue;
    transport.writable = false;
    held.push({ socket, transport });
  }
  try {
    send();
  } finally {
    // every transport writable again before any flush (a flush that throws leaves none held)
    for (const { transport } of held) transport.writable = true;
    for (const { socket } of held) {
      try {
        socket.flush();
      } catch {
        // engine.io reports a failed write on the socket itself (its 'error' and 'close')
      }
    }
  }
}

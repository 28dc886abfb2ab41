import { createServer } from 'node:http';
import { dirname } from 'node:path';
import type { AddressInfo, Socket as TcpSocket } from 'node:net';
import { Server, Socket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { corkHeldPackets, EngineSocket, inOneWrite } from './corked-writes';

type Emit = (server: Server, socket: Socket, n: number) => void;
/** To the socket itself (`ws` encodes each frame). */
const toSocket: Emit = (_server, socket, n) => {
  for (let i = 0; i < n; i++) socket.emit('event', i);
};
/** As room broadcasts go (`server.local.to(ids)`: one pre-encoded frame per event). */
const asBroadcast: Emit = (server, socket, n) => {
  for (let i = 0; i < n; i++) server.local.to([socket.id]).emit('event', i);
};
/** As a batch of a room's events goes (`ChunkedBroadcast`'s `together`). */
const inOneGo: Emit = (server, socket, n) => inOneWrite([socket.conn as unknown as EngineSocket], () => asBroadcast(server, socket, n));

/**
 * A real socket.io server and client: `n` events emitted to one socket in one go; the kernel
 * writes on the server's TCP socket under the WebSocket are counted (`_write` and `_writev` of
 * the net.Socket: one system call each).
 */
async function emitInOneGo(emit: Emit, n: number, { upgrade = false, cork = true } = {}): Promise<{ got: number[]; writes: number }> {
  const http = createServer();
  const transports: ('polling' | 'websocket')[] = upgrade ? ['polling', 'websocket'] : ['websocket'];
  const server = new Server(http, { transports });
  if (cork) expect(corkHeldPackets(server)).toBe(true);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const connected = new Promise<Socket>((resolve) => server.on('connection', resolve));
  const client = connect(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports, reconnection: false });
  try {
    const socket = await connected;
    await new Promise<void>((resolve) => client.on('connect', () => resolve()));
    // from long-polling to the WebSocket: the transport that writes is the upgraded one
    if (upgrade && socket.conn.transport.name !== 'websocket') await new Promise((resolve) => socket.conn.once('upgrade', resolve));
    // nothing of the handshake still to go out
    await new Promise((resolve) => setTimeout(resolve, 50));
    const tcp = (socket.conn as unknown as { transport: { socket: { _socket: TcpSocket } } }).transport.socket._socket as TcpSocket & Record<'_write' | '_writev', (...args: unknown[]) => void>;
    let writes = 0;
    for (const method of ['_write', '_writev'] as const) {
      const original = tcp[method];
      tcp[method] = function (this: unknown, ...args: unknown[]) {
        writes++;
        return original.apply(this, args);
      };
    }
    const got: number[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('event', (i: number) => {
        got.push(i);
        if (got.length === n) resolve();
      }),
    );
    emit(server, socket, n);
    await all;
    return { got, writes };
  } finally {
    client.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

// the wrap is per process (engine.io's WebSocket transport): the first test runs before it
describe('corkHeldPackets', () => {
  it('without it, each packet engine.io held back is a kernel write of its own (what it saves)', async () => {
    const { got, writes } = await emitInOneGo(toSocket, 6, { cork: false });
    expect(got).toEqual([0, 1, 2, 3, 4, 5]);
    expect(writes).toBe(6);
  });

  describe('once wrapped', () => {
    it('wraps the engine.io of the socket.io that Nest\'s adapter serves with', async () => {
      // socket.io as Nest's IoAdapter resolves it (it may have a copy of its own)
      const nestSocketIo = (await import(require.resolve('socket.io', { paths: [dirname(require.resolve('@nestjs/platform-socket.io'))] }))) as typeof import('socket.io');
      const server = new nestSocketIo.Server(createServer());
      expect(corkHeldPackets(server as unknown as Server)).toBe(true);
      server.close();
      // another copy of engine.io: nothing to wrap, and the caller is told
      expect(corkHeldPackets({ engine: {} } as unknown as Server)).toBe(false);
    });

    it('writes the packets engine.io held back for a socket in one kernel write, in order', async () => {
      const { got, writes } = await emitInOneGo(toSocket, 6);
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      // the first at once; the five held while it was written, together
      expect(writes).toBe(2);
    });

    it('so do room broadcasts (pre-encoded frames)', async () => {
      const { got, writes } = await emitInOneGo(asBroadcast, 6);
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      expect(writes).toBe(2);
    });

    it('a socket that started on long-polling is corked once upgraded to the WebSocket', async () => {
      const { got, writes } = await emitInOneGo(toSocket, 6, { upgrade: true });
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      expect(writes).toBe(2);
    });

    it('inOneWrite: events given to a socket in one go leave in one kernel write, in order', async () => {
      const { got, writes } = await emitInOneGo(inOneGo, 6);
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      expect(writes).toBe(1);
    });

    it('inOneWrite: a socket with a write in flight is not held; everything still arrives in order', async () => {
      const first: Emit = (server, socket, n) => {
        socket.emit('event', 0);
        inOneWrite([socket.conn as unknown as EngineSocket, undefined], () => {
          for (let i = 1; i < n; i++) server.local.to([socket.id]).emit('event', i);
        });
      };
      const { got, writes } = await emitInOneGo(first, 6);
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      expect(writes).toBe(2);
    });

    it('inOneWrite: when the emits throw, the socket is writable again and what was given goes out', async () => {
      const throwing: Emit = (server, socket, n) => {
        expect(() =>
          inOneWrite([socket.conn as unknown as EngineSocket], () => {
            asBroadcast(server, socket, n);
            throw new Error('boom');
          }),
        ).toThrow('boom');
        expect((socket.conn as unknown as EngineSocket).transport.writable).toBe(false); // writing now
      };
      const { got, writes } = await emitInOneGo(throwing, 6);
      expect(got).toEqual([0, 1, 2, 3, 4, 5]);
      expect(writes).toBe(1);
    });
  });
});

import { io, Socket } from 'socket.io-client';

/** What the server sends as `event`. */
export interface Envelope {
  room: string;
  seq: number | null;
  type: string;
  data: any;
  at: string;
}

export interface TestSocket {
  socket: Socket;
  /** Every `event` received, in arrival order. */
  events: Envelope[];
  /** Every ephemeral `typing` event received (also in `events`): `{ room, seq: null, type: 'typing', data: { room, user }, at }`. */
  typing: Envelope[];
  /** Every `unsubscribed` received (rooms the server removed the socket from). */
  unsubscribed: { room: string; error: string }[];
  /** Sends a call and resolves with its acknowledgement. */
  call<T = any>(event: string, payload: unknown): Promise<T>;
  /** Resolves once `predicate` holds over what was received (checked on every arrival); fails after a long safety timeout. */
  until(predicate: () => boolean, what?: string): Promise<void>;
  close(): void;
}

const SAFETY_TIMEOUT_MS = 20_000;

/** The integers from `from` to `to` (seqs a socket should have received). */
export const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Connects a socket.io client (websocket transport, no automatic reconnection). Rejects with the connect_error. */
export function connectSocket(baseUrl: string, token?: string | null, auth?: Record<string, unknown>): Promise<TestSocket> {
  const socket = io(baseUrl, { auth: auth ?? (token ? { token } : {}), transports: ['websocket'], reconnection: false, forceNew: true });
  const events: Envelope[] = [];
  const typing: TestSocket['typing'] = [];
  const unsubscribed: TestSocket['unsubscribed'] = [];
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((w) => w());
  socket.on('event', (e: Envelope) => {
    events.push(e);
    if (e.type === 'typing') typing.push(e);
    notify();
  });
  socket.on('unsubscribed', (e) => {
    unsubscribed.push(e);
    notify();
  });
  socket.on('disconnect', notify);
  const client: TestSocket = {
    socket,
    events,
    typing,
    unsubscribed,
    call: (event, payload) => socket.timeout(SAFETY_TIMEOUT_MS).emitWithAck(event, payload),
    until(predicate, what = 'condition') {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate()) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out waiting for ${what}; received ${JSON.stringify(events.map((e) => [e.room, e.seq, e.type]))}`));
        }, SAFETY_TIMEOUT_MS);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => void socket.close(),
  };
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(client));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The connect_error message of a refused handshake (fails if the connection is accepted). */
export async function refusal(baseUrl: string, auth: Record<string, unknown>): Promise<string> {
  try {
    const s = await connectSocket(baseUrl, null, auth);
    s.close();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the handshake was accepted');
}

/** The sockets a spec file opens, so that they are closed together when it ends. */
export interface SocketPool {
  /** Opens a socket to the spec's app (signed in with `token`, anonymous without). */
  connect(token?: string | null): Promise<TestSocket>;
  /** Opens a socket to another instance. */
  connectTo(baseUrl: string, token?: string | null): Promise<TestSocket>;
  /** Closes every socket opened; call it in afterAll, before closing the app. */
  closeAll(): void;
}

/**
 * The socket fixture for a spec file: `const sockets = socketPool(() => t.baseUrl)` at the top of
 * the describe block, `sockets.connect(token)` in the tests, `sockets.closeAll()` in afterAll.
 * `baseUrl` is read when connecting (the app starts in beforeAll).
 */
export function socketPool(baseUrl?: () => string): SocketPool {
  const open: TestSocket[] = [];
  const connectTo = async (url: string, token?: string | null): Promise<TestSocket> => {
    const socket = await connectSocket(url, token);
    open.push(socket);
    return socket;
  };
  return {
    connectTo,
    connect: (token) => {
      if (!baseUrl) throw new Error('socketPool(): no app to connect to; use connectTo(baseUrl)');
      return connectTo(baseUrl(), token);
    },
    closeAll: () => open.splice(0).forEach((socket) => socket.close()),
  };
}

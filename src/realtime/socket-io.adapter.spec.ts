import type { INestApplication } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { from, mergeAll, Observable, of } from 'rxjs';
import type { AppConfig } from '../platform/config/app-config';
import { SocketIoAdapter } from './socket-io.adapter';

/** A socket as the adapter uses it: `on` (a client message arrives through `receive`), `connected`, `emit` (recorded). */
class FakeSocket {
  connected = true;
  emitted: unknown[][] = [];
  private readonly listeners = new Map<string, (...args: unknown[]) => void>();
  on(event: string, listener: (...args: unknown[]) => void): void {
    this.listeners.set(event, listener);
  }
  receive(event: string, ...args: unknown[]): void {
    this.listeners.get(event)!(...args);
  }
  emit(event: string, ...args: unknown[]): void {
    this.emitted.push([event, ...args]);
  }
}

/** Nest's own `transform` (WebSocketsController#pickResult, then mergeAll). */
const transform = (data: unknown): Observable<unknown> =>
  from(
    (async () => {
      const result = await data;
      return result instanceof Observable ? result : of(result);
    })(),
  ).pipe(mergeAll());

const flush = () => new Promise((resolve) => setImmediate(resolve));

function bind(handlers: Partial<MessageMappingProperties>[]): FakeSocket {
  const adapter = new SocketIoAdapter({ getHttpServer: () => null } as unknown as INestApplication, {} as AppConfig);
  const socket = new FakeSocket();
  adapter.bindMessageHandlers(socket as never, handlers as MessageMappingProperties[], transform);
  return socket;
}

describe('SocketIoAdapter.bindMessageHandlers', () => {
  it('answers a handler result through the acknowledgement, with the payload as data', async () => {
    const seen: unknown[] = [];
    const socket = bind([{ message: 'subscribe', callback: async (data: unknown) => (seen.push(data), { ok: true, seq: 3 }) }]);
    const acks: unknown[] = [];
    socket.receive('subscribe', { room: 'r' }, (answer: unknown) => acks.push(answer));
    await flush();
    expect(seen).toEqual([{ room: 'r' }]);
    expect(acks).toEqual([{ ok: true, seq: 3 }]);
  });

  it('passes several arguments as an array, and none as undefined', async () => {
    const seen: unknown[] = [];
    const socket = bind([{ message: 'subscribe', callback: async (data: unknown) => void seen.push(data) }]);
    socket.receive('subscribe', 1, 2, () => undefined);
    socket.receive('subscribe', () => undefined);
    await flush();
    expect(seen).toEqual([[1, 2], undefined]);
  });

  it('emits a result that names an event, and answers every value of an observable', async () => {
    const socket = bind([
      { message: 'ping-call', callback: async () => ({ event: 'pong', data: { n: 1 } }) },
      { message: 'obs', callback: async () => of({ a: 1 }, { a: 2 }) },
    ]);
    const acks: unknown[] = [];
    socket.receive('ping-call', {});
    socket.receive('obs', {}, (answer: unknown) => acks.push(answer));
    await flush();
    expect(socket.emitted).toEqual([['pong', { n: 1 }]]);
    expect(acks).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('answers nothing when the acknowledgement is handled by the handler, the result is empty, or the socket is gone', async () => {
    let release!: (v: unknown) => void;
    const socket = bind([
      { message: 'manual', callback: async () => ({ ok: true }), isAckHandledManually: true },
      { message: 'subscribe', callback: () => new Promise((resolve) => (release = resolve)) },
      { message: 'obs', callback: async () => null },
    ]);
    const acks: unknown[] = [];
    socket.receive('manual', {}, (answer: unknown) => acks.push(answer));
    socket.receive('obs', {}, (answer: unknown) => acks.push(answer));
    socket.receive('subscribe', {}, (answer: unknown) => acks.push(answer));
    await flush();
    socket.connected = false;
    release({ ok: true });
    await flush();
    expect(acks).toEqual([]);
  });
});

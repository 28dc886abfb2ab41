import { INestApplication, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import { isObservable, Observable } from 'rxjs';
import type { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../platform/config/app-config';
import { corsOptions } from '../platform/http/cors';
import { boundedPublisher } from './bounded-publisher';
import { corkHeldPackets } from './corked-writes';

/**
 * socket.io on the HTTP server. With REDIS_URL, instances share rooms through the official
 * Redis adapter (pub/sub on channels prefixed with REALTIME_REDIS_KEY); without it, one
 * instance works alone. The Redis clients are closed with the application.
 */
/** The socket type of Nest's adapter (its own copy of socket.io's types). */
type NestSocket = Parameters<IoAdapter['bindMessageHandlers']>[0];

export class SocketIoAdapter extends IoAdapter {
  private readonly logger = new Logger('SocketIoAdapter');
  private clients: Redis[] = [];
  private adapterFactory: ReturnType<typeof createAdapter> | null = null;
  private dropped = 0;

  constructor(
    app: INestApplication,
    private readonly config: AppConfig,
    /** While true (shutdown), new socket.io handshakes are refused. */
    private readonly draining: () => boolean = () => false,
  ) {
    super(app);
  }

  /** Messages dropped because Redis stayed away longer than REALTIME_REDIS_BUFFER messages (counted in /metrics). */
  protected onRedisDrop(count: number): void {
    const before = this.dropped;
    this.dropped += count;
    // a line at the first drop, then one per 1,000 dropped messages, not one per message
    if (before === 0 || Math.floor(before / 1000) < Math.floor(this.dropped / 1000)) {
      this.logger.warn({ dropped: this.dropped, buffer: this.config.realtimeRedisBuffer }, 'redis (socket.io adapter) unavailable: oldest buffered messages dropped');
    }
  }

  /** Connects the Redis pub/sub clients (when REDIS_URL is set); call before the app listens. */
  async connect(): Promise<void> {
    if (!this.config.redisUrl) return;
    // no offline queue on the publisher (it would keep every message while Redis is away):
    // boundedPublisher keeps at most REALTIME_REDIS_BUFFER of them
    const pub = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: false });
    const sub = new Redis(this.config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true });
    this.clients = [pub, sub];
    for (const client of this.clients) client.on('error', (err) => this.logger.warn({ err: err.message }, 'redis (socket.io adapter)'));
    await Promise.all(this.clients.map((c) => c.connect()));
    const publisher = boundedPublisher(pub, this.config.realtimeRedisBuffer, (count) => this.onRedisDrop(count));
    this.adapterFactory = createAdapter(publisher, sub, { key: this.config.realtimeRedisKey });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    // the same CORS rule as /graphql (CORS_ORIGINS), for the polling transport
    const server: Server = super.createIOServer(port, {
      ...options,
      cors: corsOptions(this.config),
      allowRequest: (_req, answer) => answer(this.draining() ? 'shutting down' : null, !this.draining()),
    } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    if (!corkHeldPackets(server)) this.logger.warn('socket.io runs on another copy of engine.io: packets held for a socket are written one by one');
    return server;
  }

  /**
   * One plain listener per message and socket, in place of Nest's RxJS pipeline per message
   * (fromEvent, mergeMap, filter, map, takeUntil and a shared disconnect stream for every socket:
   * about 20 KB of subscribers and closures per idle socket). Same contract: the handler's
   * result (a value, a promise or an observable) answers through the acknowledgement, or is
   * emitted when it has an `event`; nothing is answered once the socket is gone.
   */
  override bindMessageHandlers(socket: NestSocket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    const failed = (err: unknown) => this.logger.error({ err }, 'socket message handler failed');
    for (const handler of handlers) socket.on(handler.message as string, (...payload: unknown[]) => void respond(socket, handler, payload, transform).catch(failed));
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

/** Calls a message handler and answers its result(s) the way Nest's IoAdapter does. */
async function respond(socket: NestSocket, { callback, isAckHandledManually }: MessageMappingProperties, payload: unknown[], transform: (data: unknown) => Observable<unknown>): Promise<void> {
  const last = payload[payload.length - 1];
  const ack = typeof last === 'function' ? (last as (response: unknown) => void) : undefined;
  const args = ack ? payload.slice(0, -1) : payload;
  const data = args.length === 1 ? args[0] : args.length ? args : undefined;
  const send = (response: unknown): void => {
    if (response === null || response === undefined || !socket.connected) return;
    const event = (response as { event?: string }).event;
    if (event) socket.emit(event, (response as { data?: unknown }).data);
    else if (!isAckHandledManually && ack) ack(response);
  };
  const result: unknown = await callback(data, ack);
  if (isObservable(result)) transform(result).subscribe(send);
  else send(result);
}

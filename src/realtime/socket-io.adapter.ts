import { INestApplication, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../platform/config/app-config';
import { corsOptions } from '../platform/http/cors';

/**
 * socket.io on the HTTP server. With REDIS_URL, instances share rooms through the official
 * Redis adapter (pub/sub on channels prefixed with REALTIME_REDIS_KEY); without it, one
 * instance works alone. The Redis clients are closed with the application.
 */
export class SocketIoAdapter extends IoAdapter {
  private readonly logger = new Logger('SocketIoAdapter');
  private clients: Redis[] = [];
  private adapterFactory: ReturnType<typeof createAdapter> | null = null;

  constructor(
    app: INestApplication,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  /** Connects the Redis pub/sub clients (when REDIS_URL is set); call before the app listens. */
  async connect(): Promise<void> {
    if (!this.config.redisUrl) return;
    const options = { lazyConnect: true, maxRetriesPerRequest: null, enableOfflineQueue: true };
    const pub = new Redis(this.config.redisUrl, options);
    const sub = pub.duplicate();
    this.clients = [pub, sub];
    for (const client of this.clients) client.on('error', (err) => this.logger.warn({ err: err.message }, 'redis (socket.io adapter)'));
    await Promise.all(this.clients.map((c) => c.connect()));
    this.adapterFactory = createAdapter(pub, sub, { key: this.config.realtimeRedisKey });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    // the same CORS rule as /graphql (CORS_ORIGINS), for the polling transport
    const server: Server = super.createIOServer(port, { ...options, cors: corsOptions(this.config) } as ServerOptions);
    if (this.adapterFactory) server.adapter(this.adapterFactory);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    const clients = this.clients;
    this.clients = [];
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
  }
}

import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestBodyErrors } from './platform/errors/request-body-errors';
import { corsOptions } from './platform/http/cors';
import { securityHeaders } from './platform/http/security-headers';
import { AppConfig } from './platform/config/app-config';
import { json } from 'express';
import { SocketIoAdapter } from './realtime/socket-io.adapter';
import { countHttpRequests } from './platform/metrics/http-metrics';
import { requestLogging } from './platform/logging/request-logging';
import { ROOT_LOGGER } from './platform/logging/logger-options';
import { ViewerMiddleware } from './identity/auth/viewer.middleware';
import type { Logger as PinoRoot } from 'pino';
import { MetricsService } from './platform/metrics/metrics.service';
import { ShutdownCoordinator } from './platform/lifecycle/shutdown-coordinator.service';
import { AnonymousRequestsMiddleware } from './platform/rate-limit/anonymous-requests.middleware';
import type { Server, ServerOptions } from 'socket.io';

/** The realtime adapter, with its socket.io server's sockets counted in /metrics. */
class ObservedSocketIoAdapter extends SocketIoAdapter {
  constructor(
    app: INestApplication,
    config: AppConfig,
    private readonly metrics: MetricsService | null,
    shutdown: ShutdownCoordinator,
  ) {
    super(app, config, () => shutdown.draining);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    this.metrics?.observeSockets(server);
    return server;
  }

  protected override onRedisDrop(count: number): void {
    super.onRedisDrop(count);
    this.metrics?.countRealtimeDropped(count);
  }
}

/** Builds the application for a resolved config (databaseUrl set). Used by main and by tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  // Idle keep-alive connections outlive a load balancer's (60 s on common ones), so it never sends
  // a request on a connection this server is closing (Node's default is 5 s). The shutdown's drain
  // closes them (ShutdownCoordinator).
  (app.getHttpServer() as import('node:http').Server).keepAliveTimeout = config.httpKeepAliveSeconds * 1000;
  app.disable('x-powered-by');
  // no ETag: GraphQL answers are POSTed and `no-store`, so a validator is never used, and computing
  // it hashed every answer's body (a SHA-1 over tens of KB for a page)
  app.set('etag', false);
  // Express middlewares in order, each mounted once for every path (Nest's per-route middleware
  // registration would match each one against every route and method): the request id and
  // logging context first, so every answer (a refused body included) carries x-request-id
  app.use(requestLogging(app.get<symbol, PinoRoot>(ROOT_LOGGER)), securityHeaders());
  // requests in flight are counted for the graceful shutdown, which refuses new ones (main.ts)
  const shutdown = app.get(ShutdownCoordinator);
  app.use(shutdown.middleware());
  const metrics = config.metricsEnabled ? app.get(MetricsService) : null;
  if (metrics) app.use(countHttpRequests(metrics));
  // CORS before the body: preflights are answered before the body parser and GraphQL's CSRF check
  app.enableCors(corsOptions(config));
  // anonymous GraphQL requests counted per IP before their body is read or parsed
  const anonymous = app.get(AnonymousRequestsMiddleware);
  if (anonymous.active) app.use('/graphql', anonymous.use);
  app.use(json({ limit: config.maxBodyBytes }), requestBodyErrors);
  // the viewer of the access token (anonymous without one), for GraphQL and socket-free routes alike
  const viewer = app.get(ViewerMiddleware);
  app.use(viewer.use.bind(viewer));
  const socketIo = new ObservedSocketIoAdapter(app, config, metrics, shutdown);
  try {
    await socketIo.connect();
  } catch (err) {
    await socketIo.dispose();
    await app.close();
    throw err;
  }
  app.useWebSocketAdapter(socketIo);
  return app;
}

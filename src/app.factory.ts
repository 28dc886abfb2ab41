import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestBodyErrors } from './platform/errors/request-body-errors';
import { corsOptions } from './platform/http/cors';
import { AppConfig } from './platform/config/app-config';
import { json } from 'express';
import { SocketIoAdapter } from './realtime/socket-io.adapter';
import { countHttpRequests } from './platform/metrics/http-metrics';
import { MetricsService } from './platform/metrics/metrics.service';
import type { Server, ServerOptions } from 'socket.io';

/** The realtime adapter, with its socket.io server's sockets counted in /metrics. */
class ObservedSocketIoAdapter extends SocketIoAdapter {
  constructor(
    app: INestApplication,
    config: AppConfig,
    private readonly metrics: MetricsService | null,
  ) {
    super(app, config);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options);
    this.metrics?.observeSockets(server);
    return server;
  }
}

/** Builds the application for a resolved config (databaseUrl set). Used by main and by tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  const metrics = config.metricsEnabled ? app.get(MetricsService) : null;
  if (metrics) app.use(countHttpRequests(metrics));
  // CORS first: preflights are answered before the body parser and GraphQL's CSRF check
  app.enableCors(corsOptions(config));
  app.use(json({ limit: config.maxBodyBytes }), requestBodyErrors);
  const socketIo = new ObservedSocketIoAdapter(app, config, metrics);
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

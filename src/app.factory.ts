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

/** Builds the application for a resolved config (databaseUrl set). Used by main and by tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  // CORS first: preflights are answered before the body parser and GraphQL's CSRF check
  app.enableCors(corsOptions(config));
  app.use(json({ limit: config.maxBodyBytes }), requestBodyErrors);
  const socketIo = new SocketIoAdapter(app, config);
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

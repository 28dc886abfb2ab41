import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { SocketIoAdapter } from './realtime/socket-io.adapter';

/** Builds the application for a resolved config (databaseUrl set). Used by main and by tests. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
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

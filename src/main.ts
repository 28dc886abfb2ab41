import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { EmbeddedPostgres, startEmbeddedPostgres } from './platform/database/embedded-postgres';
import { installTransactionGuard } from './platform/database/transaction-guard';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Bootstrap');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  let embedded: EmbeddedPostgres | null = null;
  if (!config.databaseUrl) {
    const dir = join(config.dataDir, 'pg');
    embedded = await startEmbeddedPostgres(dir);
    // One shared session: a transaction waiting on a second connection would hang; refuse it.
    installTransactionGuard('throw');
    config = { ...config, databaseUrl: embedded.url };
    logger.log(`database: embedded PostgreSQL (PGlite), data in ${dir}`);
  } else {
    logger.log(`database: PostgreSQL server at ${new URL(config.databaseUrl).host}`);
  }
  const app = await createApp(config);
  await app.listen(config.port);
  logger.log(`ASGM Exchange listening on http://localhost:${config.port}/graphql`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    const force = setTimeout(() => process.exit(1), config.shutdownTimeoutSeconds * 1000);
    force.unref();
    try {
      await app.close();
      await embedded?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void bootstrap();

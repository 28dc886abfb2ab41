import 'reflect-metadata';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { startEmbeddedPostgres } from './platform/database/embedded-postgres';

/** Start-up phases in milliseconds, logged at debug once the service answers. */
class StartupPhases {
  private readonly phases: string[] = [];
  // performance.now() counts from the process start
  private last = 0;

  mark(name: string): void {
    const now = performance.now();
    this.phases.push(`${name} ${Math.round(now - this.last)} ms`);
    this.last = now;
  }

  toString(): string {
    return `${this.phases.join(', ')}; total ${Math.round(this.last)} ms`;
  }
}

async function bootstrap(): Promise<void> {
  const phases = new StartupPhases();
  phases.mark('node');
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
  // The embedded database starts first, on its own thread, so that its start (initdb on an
  // empty data directory) runs while this thread loads the application's code.
  const embeddedDir = config.databaseUrl ? null : join(config.dataDir, 'pg');
  const embeddedStart = embeddedDir ? startEmbeddedPostgres(embeddedDir) : null;
  // awaited below; a failure meanwhile is not an unhandled rejection
  embeddedStart?.catch(() => undefined);
  const [{ Logger }, { createApp }, { installTransactionGuard }] = await Promise.all([
    import('@nestjs/common'),
    import('./app.factory'),
    import('./platform/database/transaction-guard'),
  ]);
  phases.mark('modules');
  const logger = new Logger('Bootstrap');
  const embedded = embeddedStart ? await embeddedStart : null;
  if (embedded) {
    phases.mark('embedded database (after the modules)');
    // One shared session: a transaction waiting on a second connection would hang; refuse it.
    installTransactionGuard('throw');
    config = { ...config, databaseUrl: embedded.url };
    logger.log(`database: embedded PostgreSQL (PGlite), data in ${embeddedDir}`);
  } else {
    logger.log(`database: PostgreSQL server at ${new URL(config.databaseUrl!).host}`);
  }
  const app = await createApp(config);
  phases.mark('application (migrations included)');
  // init runs the bootstrap hooks (GraphQL schema, topic tree, demo seed) before the port opens
  await app.init();
  phases.mark('init');
  await app.listen(config.port);
  phases.mark('listen');
  logger.debug(`start-up: ${phases}`);
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

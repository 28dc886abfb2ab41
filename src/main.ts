import 'reflect-metadata';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ConfigError, loadConfig } from './platform/config/app-config';
import { EmbeddedDatabaseLockedError } from './platform/database/embedded-lock';
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

/** Of the shutdown's time, what is kept for background work and the pool after the drain. */
function shutdownReserveMs(budgetMs: number): number {
  return Math.min(3000, Math.floor(budgetMs / 3));
}

/** A start-up refusal, for the operator: one line (a JSON line like every other when stdout is not a terminal), exit 1. */
function refuse(message: string): never {
  process.stderr.write(process.stdout.isTTY ? `${message}\n` : `${JSON.stringify({ level: 60, time: Date.now(), msg: message })}\n`);
  process.exit(1);
}

async function bootstrap(): Promise<void> {
  const phases = new StartupPhases();
  phases.mark('node');
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) refuse(err.message);
    throw err;
  }
  // The embedded database starts first, on its own thread, so that its start (initdb on an
  // empty data directory) runs while this thread loads the application's code.
  const embeddedDir = config.databaseUrl ? null : join(config.dataDir, 'pg');
  const embeddedStart = embeddedDir ? startEmbeddedPostgres(embeddedDir) : null;
  // another process serves this DATA_DIR: refused at once, in one line, while the modules load;
  // any other failure is awaited below (not an unhandled rejection meanwhile)
  embeddedStart?.catch((err: unknown) => {
    if (err instanceof EmbeddedDatabaseLockedError) refuse(err.message);
  });
  const [{ Logger }, { createApp }, { installTransactionGuard }, { createRootLogger, standaloneNestLogger }, { ShutdownCoordinator }] = await Promise.all([
    import('@nestjs/common'),
    import('./app.factory'),
    import('./platform/database/transaction-guard'),
    import('./platform/logging/logger-options'),
    import('./platform/lifecycle/shutdown-coordinator.service'),
  ]);
  phases.mark('modules');
  // start-up lines (these and Nest's) in the application's format: JSON lines off a terminal
  Logger.overrideLogger(standaloneNestLogger(createRootLogger(config)));
  const logger = new Logger('Bootstrap');
  const embedded = embeddedStart ? await embeddedStart : null;
  if (embedded) {
    phases.mark('embedded database (after the modules)');
    // One shared session: a transaction waiting on a second connection would hang; refuse it.
    installTransactionGuard('throw');
    config = { ...config, databaseUrl: embedded.url };
    logger.log(`database: embedded PostgreSQL (PGlite), data in ${embeddedDir}, on the Unix socket ${embedded.socketPath} (no TCP port)`);
  } else {
    logger.log(`database: PostgreSQL server at ${decodeURIComponent(new URL(config.databaseUrl!).host)}`);
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

  // Shutdown, in order: stop taking HTTP requests and socket connections (readiness 503 from the
  // first moment), let requests in flight finish, then close the application (background work:
  // mail, digests, schedulers, outbox; then sockets and the database pool), then the embedded
  // database. SHUTDOWN_TIMEOUT_SECONDS bounds the whole; the drain gets all but a reserve for the rest.
  const shutdown = app.get(ShutdownCoordinator);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    shutdown.begin();
    const budgetMs = config.shutdownTimeoutSeconds * 1000;
    logger.log({ signal, timeoutSeconds: config.shutdownTimeoutSeconds }, `${signal}: shutting down`);
    const force = setTimeout(() => {
      logger.error({ inFlight: shutdown.requestsInFlight }, `shutdown: not finished within ${config.shutdownTimeoutSeconds} s, exiting`);
      process.exit(1);
    }, budgetMs);
    force.unref();
    let code = 0;
    try {
      await shutdown.drain(app.getHttpServer(), budgetMs - shutdownReserveMs(budgetMs));
      await app.close();
      await embedded?.stop();
      logger.log('shutdown: background work stopped, database closed');
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      code = 1;
    } finally {
      process.exit(code);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void bootstrap();

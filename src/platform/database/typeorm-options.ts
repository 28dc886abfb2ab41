import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { TypeOrmNestLogger } from './typeorm-logger';

/** Migrations are the only schema source: compiled .js under dist/, .ts under ts-node or jest. */
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', '..', 'migrations', '*.{js,ts}');

/**
 * Time bounds on every database call (see the README's "Operating it"): the server cancels a
 * statement after `statementTimeoutMs` (PostgreSQL's `statement_timeout`, sent in the connection's
 * start-up parameters, so it holds for every session without per-session state; the embedded
 * PGlite ignores it), the client gives up waiting for an answer after `queryTimeoutMs` (pg's
 * `query_timeout`: what holds when the network goes silent, and on the embedded database), a
 * pooled connection (opening one included) is waited for at most `acquireTimeoutMs`, and TCP
 * keepalive probes an idle connection after `keepaliveMs`. 0 turns a timeout off.
 */
export interface DbBounds {
  statementTimeoutMs: number;
  queryTimeoutMs: number;
  acquireTimeoutMs: number;
  keepaliveMs: number;
}

export function dbBounds(config: Pick<AppConfig, 'dbStatementTimeoutMs' | 'dbQueryTimeoutMs' | 'dbAcquireTimeoutMs' | 'dbKeepaliveMs'>): DbBounds {
  return {
    statementTimeoutMs: config.dbStatementTimeoutMs,
    queryTimeoutMs: config.dbQueryTimeoutMs,
    acquireTimeoutMs: config.dbAcquireTimeoutMs,
    keepaliveMs: config.dbKeepaliveMs,
  };
}

/** No bound on statements (migrations, which may wait for another instance's lock or rewrite a large table). */
export const UNBOUNDED: DbBounds = { statementTimeoutMs: 0, queryTimeoutMs: 0, acquireTimeoutMs: 30_000, keepaliveMs: 10_000 };

export function typeormOptions(url: string, poolSize: number, quiet = false, bounds: DbBounds = UNBOUNDED): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations: [MIGRATIONS_GLOB],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite: nothing to install.
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Query errors are logged once, by the GraphQL error formatter; the rest as JSON lines.
    logging: quiet ? false : ['warn', 'migration'],
    logger: new TypeOrmNestLogger(quiet),
    extra: {
      max: poolSize,
      connectionTimeoutMillis: bounds.acquireTimeoutMs,
      idleTimeoutMillis: 30000,
      application_name: 'asgm-exchange',
      keepAlive: true,
      keepAliveInitialDelayMillis: bounds.keepaliveMs,
      // pg leaves out a 0 (off)
      statement_timeout: bounds.statementTimeoutMs,
      query_timeout: bounds.queryTimeoutMs,
      // No JIT compilation (a start-up parameter, like statement_timeout): the application's
      // statements are short, and a high cost estimate (a common word's search) made PostgreSQL
      // spend 40–70 ms compiling a statement that runs in less.
      options: '-c jit=off',
    },
  };
}

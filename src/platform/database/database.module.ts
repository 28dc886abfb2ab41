import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { runMigrations } from './migrate';
import { disablePreparedStatements, isPGliteVersion } from './prepared';
import { installRequestConcurrencyCap } from './request-concurrency';
import { installTransactionGuard } from './transaction-guard';
import { closeConnectionsOnQueryTimeout } from './bounded-pool';
import { dbBounds, typeormOptions, UNBOUNDED } from './typeorm-options';

/**
 * One PostgreSQL connection pool for the whole service (server or embedded, same driver).
 * Migrations run before anything else can use the DataSource.
 */
/** The pg options of a connection without statement bounds. */
function unbounded(): Record<string, unknown> {
  const extra = typeormOptions('', 1, true, UNBOUNDED).extra as Record<string, unknown>;
  return { statement_timeout: extra.statement_timeout, query_timeout: extra.query_timeout, connectionTimeoutMillis: extra.connectionTimeoutMillis };
}

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the module starts');
        installTransactionGuard(config.nodeEnv === 'test' ? 'throw' : 'warn');
        installRequestConcurrencyCap(config.dbMaxConcurrentPerRequest);
        return {
          ...typeormOptions(config.databaseUrl, config.dbPoolSize, config.nodeEnv === 'test', dbBounds(config)),
          autoLoadEntities: true,
          retryAttempts: 10,
          retryDelay: 1000,
        };
      },
      dataSourceFactory: async (options) => {
        const logger = new Logger('Database');
        const started = Date.now();
        // Migrations run on their own two connections without the statement bounds (they may
        // wait for another instance's lock, or rewrite a large table); requests get the bounded pool.
        const migrator = await new DataSource({ ...options!, extra: { ...(options!.extra as object), ...unbounded(), max: 2 } } as DataSourceOptions).initialize();
        let connected = started;
        let migrated = started;
        try {
          const [{ version }]: { version: string }[] = await migrator.query('SELECT version()');
          if (isPGliteVersion(version)) disablePreparedStatements();
          connected = Date.now();
          const applied = await runMigrations(migrator);
          if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
          migrated = Date.now();
        } finally {
          await migrator.destroy();
        }
        const dataSource = await new DataSource(options!).initialize();
        closeConnectionsOnQueryTimeout(dataSource);
        logger.debug(`data source ready in ${Date.now() - started} ms, migrations checked and run in ${migrated - connected} ms`);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

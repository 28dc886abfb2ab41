import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { runMigrations } from './migrate';
import { disablePreparedStatements, isPGliteVersion } from './prepared';
import { installRequestConcurrencyCap } from './request-concurrency';
import { installTransactionGuard } from './transaction-guard';
import { typeormOptions } from './typeorm-options';

/**
 * One PostgreSQL connection pool for the whole service (server or embedded, same driver).
 * Migrations run before anything else can use the DataSource.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        if (!config.databaseUrl) throw new Error('databaseUrl must be resolved before the module starts');
        installTransactionGuard(config.nodeEnv === 'test' ? 'throw' : 'warn');
        installRequestConcurrencyCap(config.dbMaxConcurrentPerRequest);
        return {
          ...typeormOptions(config.databaseUrl, config.dbPoolSize, config.nodeEnv === 'test'),
          autoLoadEntities: true,
          retryAttempts: 10,
          retryDelay: 1000,
        };
      },
      dataSourceFactory: async (options) => {
        const logger = new Logger('Database');
        const started = Date.now();
        const dataSource = await new DataSource(options!).initialize();
        const [{ version }]: { version: string }[] = await dataSource.query('SELECT version()');
        if (isPGliteVersion(version)) disablePreparedStatements();
        const connected = Date.now();
        const applied = await runMigrations(dataSource);
        if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
        logger.debug(`data source ready in ${connected - started} ms, migrations checked and run in ${Date.now() - connected} ms`);
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}

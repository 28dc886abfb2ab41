import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** Migrations are the only schema source: compiled .js under dist/, .ts under ts-node or jest. */
export const MIGRATIONS_GLOB = join(__dirname, '..', '..', '..', 'migrations', '*.{js,ts}');

export function typeormOptions(url: string, poolSize: number, quiet = false): DataSourceOptions {
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
    // Query errors are logged once, by the GraphQL error formatter.
    logging: quiet ? false : ['warn', 'migration'],
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
      application_name: 'asgm-exchange',
    },
  };
}

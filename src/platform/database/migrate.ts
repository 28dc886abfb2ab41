import { DataSource, QueryRunner } from 'typeorm';

/** Any constant: the key of the advisory lock that serialises migrations across instances. */
const MIGRATION_LOCK_KEY = 7_412_026;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several instances
 * starting together against one database migrate it exactly once.
 *
 * A database where no migration was ever applied gets every migration in one transaction: all
 * or nothing, one commit instead of one per migration (the first start of the embedded
 * database; after a failed first run it is still such a database). A database already migrated gets each pending migration in its own
 * transaction, as before. Consequence for migration authors: a value added to an enum
 * (`ALTER TYPE … ADD VALUE`) cannot be used by a later migration of the same run on a fresh
 * database (PostgreSQL refuses a new enum value before its transaction commits); every test
 * starts from a fresh database, so such a pair fails at once in the tests.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: (await neverMigrated(runner, dataSource)) ? 'all' : 'each' });
      return applied.map((m) => m.name);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}

/** Whether no migration was ever applied: no migrations table (TypeORM creates it outside the migrations' transaction), or an empty one. */
async function neverMigrated(runner: QueryRunner, dataSource: DataSource): Promise<boolean> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const [{ present }]: { present: boolean }[] = await runner.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]);
  return !present || (await runner.query(`SELECT 1 FROM ${runner.connection.driver.escape(table)} LIMIT 1`)).length === 0;
}

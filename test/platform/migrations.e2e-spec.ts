import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { runMigrations } from '../../src/platform/database/migrate';
import { MIGRATIONS_GLOB, typeormOptions } from '../../src/platform/database/typeorm-options';
import { createTestDatabase, TestDatabase } from '../support/test-database';

class LaterGood9999999999998 implements MigrationInterface {
  name = 'LaterGood9999999999998';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE later_good (id int)`);
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE later_good`);
  }
}

class LaterBad9999999999999 implements MigrationInterface {
  name = 'LaterBad9999999999999';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE later_bad (id int)`);
    await queryRunner.query(`SELECT * FROM no_such_table`);
  }
  async down(): Promise<void> {}
}

const MIGRATION_FILES = readdirSync(join(__dirname, '..', '..', 'migrations')).filter((f) => /^\d+-.*\.ts$/.test(f)).length;

/** How migrations run: all in one transaction on a database never migrated, each in its own afterwards. */
describe('platform: running migrations (e2e)', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  async function migrate(extra: (new () => MigrationInterface)[]): Promise<string[]> {
    const dataSource = await new DataSource({ ...typeormOptions(db.url, 2, true), migrations: [MIGRATIONS_GLOB, ...extra] }).initialize();
    try {
      return await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  const exists = async (table: string) => (await db.query<{ present: boolean }>(`SELECT to_regclass($1) IS NOT NULL AS present`, [table]))[0].present;

  it('on a database never migrated, a failure leaves nothing behind: all migrations or none', async () => {
    await expect(migrate([LaterBad9999999999999])).rejects.toThrow(/no_such_table/);
    expect(await exists('users')).toBe(false);
    expect(await exists('later_bad')).toBe(false);
    // TypeORM makes its table before the migrations' transaction: it stays, empty
    expect(await db.query(`SELECT name FROM migrations`)).toEqual([]);
    // still a database never migrated: a second failed first run leaves nothing either
    await expect(migrate([LaterBad9999999999999])).rejects.toThrow(/no_such_table/);
    expect(await exists('users')).toBe(false);
  });

  it('then applies every migration', async () => {
    expect(await migrate([])).toHaveLength(MIGRATION_FILES);
    expect(await exists('users')).toBe(true);
    expect(await migrate([])).toEqual([]);
  });

  it('on a migrated database, each pending migration commits on its own: one that fails keeps the ones before it', async () => {
    await expect(migrate([LaterGood9999999999998, LaterBad9999999999999])).rejects.toThrow(/no_such_table/);
    expect(await exists('later_good')).toBe(true);
    expect(await exists('later_bad')).toBe(false);
    const names = (await db.query<{ name: string }>(`SELECT name FROM migrations WHERE name LIKE 'Later%'`)).map((r) => r.name);
    expect(names).toEqual(['LaterGood9999999999998']);
  });
});

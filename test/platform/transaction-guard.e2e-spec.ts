import { DataSource } from 'typeorm';
import { SecondConnectionInTransactionError } from '../../src/platform/database/transaction-guard';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The rule "inside a transaction, only its manager" is enforced by the application itself
 * (in tests and on the embedded database), so a violation fails here on PostgreSQL too
 * instead of hanging only on the embedded database in CI.
 */
describe('platform: a transaction never waits on a second connection (e2e)', () => {
  let t: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    dataSource = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  it('a query through another connection while a transaction is open is refused with a clear error', async () => {
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query('SELECT 1');
        await dataSource.query('SELECT 2');
      }),
    ).rejects.toBeInstanceOf(SecondConnectionInTransactionError);

    // Repositories of the default manager are a second connection as well.
    await expect(
      dataSource.transaction(async () => {
        await dataSource.manager.query('SELECT 1');
      }),
    ).rejects.toThrow(/second database connection/);
  });

  it('the transaction’s own manager, nested transactions and work after commit are fine', async () => {
    const result = await dataSource.transaction(async (manager) => {
      const [{ n }] = await manager.query('SELECT 1 AS n');
      const inner = await manager.transaction(async (nested) => (await nested.query('SELECT 2 AS n'))[0].n);
      return Number(n) + Number(inner);
    });
    expect(result).toBe(3);

    // The same async chain after the transaction ended may use any connection.
    let afterCommit: Promise<unknown> | null = null;
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT 1');
      afterCommit = new Promise((resolve) => setTimeout(resolve, 50)).then(() => dataSource.query('SELECT 3 AS n'));
    });
    await expect(afterCommit).resolves.toEqual([{ n: 3 }]);
  });

  it('outside any transaction queries run on any connection, concurrently', async () => {
    const rows = await Promise.all([dataSource.query('SELECT 1 AS n'), dataSource.query('SELECT 2 AS n')]);
    expect(rows.map((r) => r[0].n)).toEqual([1, 2]);
  });
});

import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent, TransactionStartEvent } from 'typeorm';

type Callback = () => void | Promise<void>;

interface Pending {
  /** Transaction depth (1 = outermost, more inside savepoints) when the callback was registered. */
  depth: number;
  run: Callback;
}

const depthOf = (qr: QueryRunner): number => (qr as unknown as { transactionDepth?: number }).transactionDepth ?? 1;

/**
 * Runs work after the outermost transaction of a QueryRunner commits, and drops it on rollback
 * (also when only the savepoint it was registered in rolls back). TypeORM broadcasts
 * `afterTransactionCommit` for savepoint releases too: those are ignored while the real
 * transaction is still open. Callbacks run in registration order; a failing one is logged
 * and never turns a committed change into an error for the caller.
 */
@Injectable()
export class TransactionHooksService implements EntitySubscriberInterface {
  private readonly logger = new Logger('TransactionHooks');
  private readonly pending = new WeakMap<QueryRunner, Pending[]>();

  constructor(dataSource: DataSource) {
    dataSource.subscribers.push(this);
  }

  /** Whether `manager` runs inside an open transaction. */
  inTransaction(manager: EntityManager): boolean {
    return !!manager.queryRunner?.isTransactionActive;
  }

  /**
   * Registers `run` to happen after the transaction of `manager` commits. Outside a
   * transaction it runs at once.
   */
  async afterCommit(manager: EntityManager, run: Callback): Promise<void> {
    const qr = manager.queryRunner;
    if (!qr || !qr.isTransactionActive) {
      await this.safely(run);
      return;
    }
    const list = this.pending.get(qr) ?? [];
    list.push({ depth: depthOf(qr), run });
    this.pending.set(qr, list);
  }

  afterTransactionStart(event: TransactionStartEvent): void {
    // A fresh outermost transaction never inherits leftovers of an earlier one on a pooled runner.
    if (depthOf(event.queryRunner) === 1) this.pending.delete(event.queryRunner);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    if (qr.isTransactionActive) return; // a savepoint was released; the transaction goes on
    const list = this.pending.get(qr);
    if (!list) return;
    this.pending.delete(qr);
    for (const item of list) await this.safely(item.run);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    if (!qr.isTransactionActive) {
      this.pending.delete(qr);
      return;
    }
    const depth = depthOf(qr);
    const list = this.pending.get(qr);
    if (list) this.pending.set(qr, list.filter((p) => p.depth <= depth));
  }

  private async safely(run: Callback): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error({ err }, 'after-commit work failed');
    }
  }
}

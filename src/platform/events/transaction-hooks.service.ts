import { Injectable, Logger, Optional } from '@nestjs/common';
import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent, TransactionStartEvent } from 'typeorm';
import { MetricsService } from '../metrics/metrics.service';

type Callback = () => void | Promise<void>;

interface Pending {
  /** Transaction depth (1 = outermost, more inside savepoints) when the callback was registered. */
  depth: number;
  run: Callback;
}

interface Batch {
  flush: (manager: EntityManager, items: unknown[]) => Promise<void>;
  items: { depth: number; item: unknown }[];
}

const depthOf = (qr: QueryRunner): number => (qr as unknown as { transactionDepth?: number }).transactionDepth ?? 1;

/**
 * Runs batched work just before the outermost COMMIT (`collect`), and work after the outermost transaction of a QueryRunner commits, and drops it on rollback
 * (also when only the savepoint it was registered in rolls back). TypeORM broadcasts
 * `afterTransactionCommit` for savepoint releases too: those are ignored while the real
 * transaction is still open. Callbacks run in registration order, one after another; a
 * failing one is logged and never turns a committed change into an error for the caller.
 * Ordering that features rely on: work registered while the transaction ran (e.g. an
 * after-commit handler re-checking sockets after an access change) runs before work the
 * commit-time `collect` flushes register (the outbox publishing that transaction's room events).
 */
@Injectable()
export class TransactionHooksService implements EntitySubscriberInterface {
  private readonly logger = new Logger('TransactionHooks');
  private readonly pending = new WeakMap<QueryRunner, Pending[]>();
  private readonly batches = new WeakMap<QueryRunner, Map<string, Batch>>();

  constructor(
    dataSource: DataSource,
    @Optional() private readonly metrics?: MetricsService,
  ) {
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

  /**
   * Adds `item` to the batch `key` of the transaction of `manager` (which must be open). Just
   * before the outermost COMMIT, `flush` runs once per batch, inside the transaction, with the
   * items that survived (a rolled-back savepoint drops its own); if it throws, the transaction
   * rolls back. Work that must take locks in a global order (room sequences) is done there,
   * in one place per transaction.
   */
  collect<T>(manager: EntityManager, key: string, item: T, flush: (manager: EntityManager, items: T[]) => Promise<void>): void {
    const qr = manager.queryRunner;
    if (!qr || !qr.isTransactionActive) throw new Error('collect() needs an open transaction');
    let map = this.batches.get(qr);
    if (!map) this.batches.set(qr, (map = new Map()));
    let batch = map.get(key);
    if (!batch) map.set(key, (batch = { flush: flush as Batch['flush'], items: [] }));
    batch.items.push({ depth: depthOf(qr), item });
  }

  afterTransactionStart(event: TransactionStartEvent): void {
    // A fresh outermost transaction never inherits leftovers of an earlier one on a pooled runner.
    if (depthOf(event.queryRunner) === 1) {
      this.pending.delete(event.queryRunner);
      this.batches.delete(event.queryRunner);
    }
  }

  async beforeTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    if (depthOf(qr) !== 1) return; // a savepoint is about to be released
    const map = this.batches.get(qr);
    if (!map) return;
    this.batches.delete(qr);
    for (const batch of map.values()) {
      if (batch.items.length) await batch.flush(qr.manager, batch.items.map((i) => i.item));
    }
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const qr = event.queryRunner;
    if (qr.isTransactionActive) {
      // A savepoint was released: what it registered now belongs to the enclosing level.
      const depth = depthOf(qr);
      for (const p of this.pending.get(qr) ?? []) p.depth = Math.min(p.depth, depth);
      for (const batch of this.batches.get(qr)?.values() ?? []) for (const i of batch.items) i.depth = Math.min(i.depth, depth);
      return;
    }
    const list = this.pending.get(qr);
    if (!list) return;
    this.pending.delete(qr);
    // the outbox lag of /metrics: from this COMMIT until its after-commit work has finished
    const finished = this.metrics?.afterCommitStarted();
    try {
      for (const item of list) await this.safely(item.run);
    } finally {
      finished?.();
    }
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    const qr = event.queryRunner;
    if (!qr.isTransactionActive) {
      this.pending.delete(qr);
      this.batches.delete(qr);
      return;
    }
    const depth = depthOf(qr);
    const list = this.pending.get(qr);
    if (list) this.pending.set(qr, list.filter((p) => p.depth <= depth));
    for (const batch of this.batches.get(qr)?.values() ?? []) batch.items = batch.items.filter((i) => i.depth <= depth);
  }

  private async safely(run: Callback): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.error({ err }, 'after-commit work failed');
    }
  }
}

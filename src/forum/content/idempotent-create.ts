import { DataSource, EntityManager } from 'typeorm';
import { IdempotencyConflictError, NotFoundError } from '../../platform/errors/domain-errors';

/** A row created under an idempotency key: it keeps the hash of the request that created it. */
export interface IdempotentRow {
  requestHash: string | null;
}

export interface IdempotentCreate<E extends IdempotentRow, R> {
  /** The client's idempotency key (null: no key, always creates). */
  key: string | null;
  /** Hash of the normalized request payload (null without a key). */
  hash: string | null;
  /** The caller's existing row for `key`, if any (looked up before the transaction). */
  findExisting(manager: EntityManager): Promise<E | null>;
  /**
   * Limits to claim once the request is not a replay, before the transaction (posting limits);
   * released when the transaction fails. (A row of a concurrent retry, replayed, keeps them:
   * the post exists.)
   */
  claim?(): Promise<{ release(): Promise<void> }>;
  /**
   * Validates, then inserts: INSERT … ON CONFLICT (author, idempotency_key) DO NOTHING in the
   * transaction, or a statement that fails on the taken key (see `transaction`). `created: false`
   * returns the row a concurrent retry inserted; `result` is the answer for a new row.
   */
  create(manager: EntityManager): Promise<{ entity: E; created: true; result: R } | { entity: E; created: false }>;
  /** Whether the caller may still see what the existing row belongs to (thread, and post). */
  stillVisible(manager: EntityManager, entity: E): Promise<boolean>;
  /** The answer for a replayed row. */
  present(entity: E): R;
  /** NOT_FOUND subject when the row is no longer visible, e.g. "The thread". */
  subject: string;
  /**
   * false: `create` needs no transaction, each of its statements being whole on its own (a live
   * chat message: one statement storing it, a read first when needed); it runs on the data
   * source's manager.
   */
  transaction?: boolean;
  /**
   * Runs the creating transaction when its turn comes (`ThreadWriteQueue`: the writes locking one
   * thread's row take turns in the process); the pre-check and the claim do not wait for it.
   */
  turn?<T>(create: () => Promise<T>): Promise<T>;
}

/**
 * The one idempotent-create path (createThread, postReply, live chat): pre-check the key,
 * otherwise claim the limits and insert (with ON CONFLICT in a transaction, or one statement of
 * its own; the claim is given back when it fails); a replay (from the pre-check or a lost race)
 * compares the payload hash (IDEMPOTENCY_CONFLICT when it differs), then checks the row is still
 * visible to the caller (NOT_FOUND when not) before returning it. A replay is never limited.
 */
export async function idempotentCreate<E extends IdempotentRow, R>(dataSource: DataSource, op: IdempotentCreate<E, R>): Promise<R> {
  const replay = async (manager: EntityManager, entity: E): Promise<R> => {
    if (entity.requestHash !== op.hash) throw new IdempotencyConflictError();
    if (!(await op.stillVisible(manager, entity))) throw new NotFoundError(op.subject);
    return op.present(entity);
  };
  if (op.key !== null) {
    const existing = await op.findExisting(dataSource.manager);
    if (existing) return replay(dataSource.manager, existing);
  }
  const claim = op.claim ? await op.claim() : null;
  try {
    const run = async (manager: EntityManager) => {
      const r = await op.create(manager);
      return r.created ? r.result : replay(manager, r.entity);
    };
    const create = () => (op.transaction === false ? run(dataSource.manager) : dataSource.transaction(run));
    return await (op.turn ? op.turn(create) : create());
  } catch (err) {
    // nothing was written: the next attempt is not kept waiting
    await claim?.release();
    throw err;
  }
}

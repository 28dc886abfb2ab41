import { Injectable } from '@nestjs/common';
import AsyncLock from 'async-lock';
import { AsyncResource } from 'node:async_hooks';
import { RateLimitedError } from '../../platform/errors/domain-errors';

/** Writes to one thread waiting for their turn in this process at most; beyond, RATE_LIMITED. */
export const THREAD_QUEUE_MAX_PENDING = 1_000;

/**
 * One thread's row-locking writes (replies, votes) take turns in this process before they open a
 * transaction. Each of them locks the thread's row (its counters) from its first statement to its
 * COMMIT, several round trips later; without turns, forty concurrent replies to one thread held
 * forty pool connections (the instance's whole pool) waiting on that lock inside PostgreSQL, where
 * the wait counts against `statement_timeout`, so on a busy machine the last of them failed. In
 * turn, a hot thread holds one connection per instance, the others wait here without a connection
 * or a statement timeout, and other threads' writes never wait behind it. Instances still meet on
 * the row lock, one transaction each at most.
 *
 * The work runs in its caller's async context (request logging, per-request limits), not in the
 * context of the write that finished before it.
 */
@Injectable()
export class ThreadWriteQueue {
  private readonly lock = new AsyncLock({ maxPending: THREAD_QUEUE_MAX_PENDING });

  async inTurn<T>(threadId: string, work: () => Promise<T>): Promise<T> {
    let started = false;
    try {
      return await this.lock.acquire(
        threadId,
        AsyncResource.bind(() => {
          started = true;
          return work();
        }),
      );
    } catch (err) {
      // with no queue timeout, the one refusal before the work starts is a full queue
      if (!started) throw new RateLimitedError(1, 'This thread is taking too many writes at once; try again shortly.');
      throw err;
    }
  }
}

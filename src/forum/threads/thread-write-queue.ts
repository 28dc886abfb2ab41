import { Inject, Injectable } from '@nestjs/common';
import AsyncLock from 'async-lock';
import { AsyncResource } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { AppConfig } from '../../platform/config/app-config';
import { APP_CONFIG } from '../../platform/config/config.module';
import { RateLimitedError, ServiceUnavailableError } from '../../platform/errors/domain-errors';
import { isConnectionFailure } from '../../platform/errors/to-domain-error';

type QueueLimits = Pick<AppConfig, 'threadWritesWaitingMax' | 'threadWritesWaitingPerUser' | 'threadWriteWaitMs'>;

/**
 * One thread's row-locking writes from the crowd (replies, votes, flags) take turns in this
 * process before they open a transaction. Each of them locks the thread's row (its counters)
 * from its first statement to its COMMIT, several round trips later; without turns, forty
 * concurrent replies to one thread took every connection of the pool (10 by default) to wait
 * on that lock inside PostgreSQL, where the wait counts against `statement_timeout`, and other
 * threads' requests waited for a connection. In turn, a busy thread holds one connection per
 * instance, its other writes wait here without a connection or a statement timeout, and other
 * threads' writes never wait behind it. Instances still meet on the row lock, one transaction
 * each at most, and the rarer writes of authors and staff (edits, deletions, accepted answers,
 * moderation) still wait on the lock, behind one write per instance at most.
 *
 * The wait is bounded: at most `threadWritesWaitingMax` writes wait for one thread, at most
 * `threadWritesWaitingPerUser` of them one user's, none longer than `threadWriteWaitMs`;
 * beyond, RATE_LIMITED, and nothing was written. When a write fails because the database is
 * out of reach or too slow (a connection or statement timeout), the writes that were waiting
 * behind it fail at once with the same retryable error rather than each waiting out its own
 * timeout in turn: a request still answers within the database bounds (DB_ACQUIRE_TIMEOUT_MS +
 * DB_QUERY_TIMEOUT_MS) during an outage. The work runs in its caller's async context (request
 * logging, per-request limits), not in that of the write that finished before it.
 */
@Injectable()
export class ThreadWriteQueue {
  private readonly lock = new AsyncLock({ maxPending: Infinity });
  /** Writes waiting (not running), per thread and per thread and user. */
  private readonly waitingFor = new Map<string, number>();
  private readonly waitingBy = new Map<string, number>();
  /** Recent turns' length (moving average, ms): what a refused write is told to wait. */
  private turnMs = 50;
  /** Increasing numbers: each write's place in line, and each outage (a write that failed for the database). */
  private tickets = 0;
  /** Per thread with writes waiting: the last outage; the writes in line before it fail with it. */
  private readonly outages = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) private readonly limits: QueueLimits) {}

  async inTurn<T>(threadId: string, userId: string, work: () => Promise<T>): Promise<T> {
    const key = threadId.toLowerCase();
    const userKey = `${key} ${userId}`;
    if ((this.waitingFor.get(key) ?? 0) >= this.limits.threadWritesWaitingMax || (this.waitingBy.get(userKey) ?? 0) >= this.limits.threadWritesWaitingPerUser) {
      throw this.busy(key);
    }
    const ticket = ++this.tickets;
    add(this.waitingFor, key, 1);
    add(this.waitingBy, userKey, 1);
    let waiting = true;
    const leave = () => {
      if (!waiting) return;
      waiting = false;
      add(this.waitingFor, key, -1);
      add(this.waitingBy, userKey, -1);
    };
    try {
      return await this.lock.acquire(
        key,
        AsyncResource.bind(async () => {
          leave();
          const outage = this.outages.get(key) ?? 0;
          if (!this.waitingFor.has(key)) this.outages.delete(key);
          // a write ahead of it failed for the database after it got in line
          if (outage > ticket) throw new ServiceUnavailableError();
          const started = performance.now();
          try {
            return await work();
          } catch (err) {
            if (this.waitingFor.has(key) && isConnectionFailure(err)) this.outages.set(key, ++this.tickets);
            throw err;
          } finally {
            this.turnMs += 0.2 * (performance.now() - started - this.turnMs);
          }
        }),
        { timeout: this.limits.threadWriteWaitMs },
      );
    } catch (err) {
      // still waiting: the turn did not come in time (the work never runs)
      if (waiting) {
        leave();
        throw this.busy(key);
      }
      throw err;
    }
  }

  /** RATE_LIMITED, with the time the writes waiting now should take. */
  private busy(key: string): RateLimitedError {
    const seconds = ((this.waitingFor.get(key) ?? 0) + 1) * this.turnMs / 1000;
    return new RateLimitedError(seconds, 'This thread is taking too many writes at once; try again shortly.');
  }

  /** Writes waiting for a thread's turn now (not the one running). */
  waiting(threadId: string): number {
    return this.waitingFor.get(threadId.toLowerCase()) ?? 0;
  }
}

function add(counts: Map<string, number>, key: string, delta: number): void {
  const n = (counts.get(key) ?? 0) + delta;
  if (n > 0) counts.set(key, n);
  else counts.delete(key);
}

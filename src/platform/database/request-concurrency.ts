import { storage } from 'nestjs-pino/storage';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * A per-request cap on concurrent database statements (DB_MAX_CONCURRENT_PER_REQUEST): one
 * GraphQL document of many root fields, each running its own statements in parallel, would
 * otherwise take every connection of the pool and make all other clients wait. Beyond the cap
 * a request's statements queue inside the request, and the rest of the pool stays free for
 * others.
 *
 * The request is the async context every HTTP request already runs in (the request logging
 * context, see request-logging.ts), so the cap costs nothing to requests that run no
 * statement, and one permit check to those that do. Statements of an open transaction are not
 * counted (the transaction already holds its connection; mutations run one at a time), nor is
 * work outside a request (jobs, sockets).
 */
class Permits {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {}

  acquire(): Promise<void> | null {
    if (this.active < this.max) {
      this.active++;
      return null;
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the permit to the next waiting statement, or frees it. */
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

const permitsByRequest = new WeakMap<object, Permits>();
let maxPerRequest = Infinity;
let installed = false;

/** Installs the cap once per process; the last call sets the number of statements. */
export function installRequestConcurrencyCap(max: number): void {
  maxPerRequest = max;
  if (installed) return;
  installed = true;
  const query = PostgresQueryRunner.prototype.query as (this: PostgresQueryRunner, ...args: unknown[]) => Promise<unknown>;
  PostgresQueryRunner.prototype.query = function cappedQuery(this: PostgresQueryRunner, ...args: unknown[]) {
    const request = this.isTransactionActive ? undefined : storage.getStore();
    if (!request) return query.apply(this, args);
    let permits = permitsByRequest.get(request);
    if (!permits) permitsByRequest.set(request, (permits = new Permits(maxPerRequest)));
    const run = (gate: Permits) => {
      let result: Promise<unknown>;
      try {
        result = query.apply(this, args);
      } catch (err) {
        gate.release();
        throw err;
      }
      return result.finally(() => gate.release());
    };
    const waiting = permits.acquire();
    const gate = permits;
    return waiting ? waiting.then(() => run(gate)) : run(gate);
  } as typeof PostgresQueryRunner.prototype.query;
}

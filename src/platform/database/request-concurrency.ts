import { storage } from 'nestjs-pino/storage';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * A per-request cap on concurrent database statements (DB_MAX_CONCURRENT_PER_REQUEST): one
 * GraphQL document of many root fields, each running its own statements in parallel, would
 * otherwise take every connection of the pool and make all other clients wait. Beyond the cap
 * a request's statements queue inside the request for a connection, and the rest of the pool
 * stays free for others.
 *
 * The request is the async context every HTTP request already runs in (the request logging
 * context, see request-logging.ts), so the cap costs nothing to requests that run no
 * statement, and one permit check per pool connection to those that do. Statements of an open transaction are not
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
/** Runners holding a permit of their request, until they give their connection back. */
const holders = new WeakMap<PostgresQueryRunner, Permits>();
/** Runners waiting for a permit (a second connect() on the same runner meanwhile waits for the first). */
const pending = new WeakMap<PostgresQueryRunner, Promise<unknown>>();
let maxPerRequest = Infinity;
let installed = false;

function giveBack(runner: PostgresQueryRunner): void {
  const permits = holders.get(runner);
  if (!permits) return;
  holders.delete(runner);
  permits.release();
}

/**
 * Installs the cap once per process; the last call sets the number of connections. A permit
 * is taken where a query runner takes a pool connection outside a transaction, and given back
 * with the connection.
 */
export function installRequestConcurrencyCap(max: number): void {
  maxPerRequest = max;
  if (installed) return;
  installed = true;
  const proto = PostgresQueryRunner.prototype as unknown as {
    connect(this: PostgresQueryRunner): Promise<unknown>;
    releasePostgresConnection(this: PostgresQueryRunner, err?: unknown): Promise<void>;
  };
  const connect = proto.connect;
  const releaseConnection = proto.releasePostgresConnection;
  proto.connect = function cappedConnect(this: PostgresQueryRunner) {
    const state = this as unknown as { databaseConnection?: unknown; databaseConnectionPromise?: unknown };
    if (state.databaseConnection || state.databaseConnectionPromise || this.isTransactionActive) return connect.call(this);
    const waitingFor = pending.get(this);
    if (waitingFor) return waitingFor;
    const request = storage.getStore();
    if (!request) return connect.call(this);
    let permits = permitsByRequest.get(request);
    if (!permits) permitsByRequest.set(request, (permits = new Permits(maxPerRequest)));
    holders.set(this, permits);
    const open = () =>
      connect.call(this).catch((err: unknown) => {
        giveBack(this);
        throw err;
      });
    const waiting = permits.acquire();
    if (!waiting) return open();
    const opened = waiting.then(open).finally(() => pending.delete(this));
    pending.set(this, opened);
    return opened;
  };
  proto.releasePostgresConnection = function releaseAndGiveBack(this: PostgresQueryRunner, err?: unknown) {
    try {
      return releaseConnection.call(this, err);
    } finally {
      giveBack(this);
    }
  };
}

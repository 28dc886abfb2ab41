import { Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { EntityManager, QueryRunner } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * The rule: code running inside a transaction talks to the database only through that
 * transaction's manager. On a PostgreSQL server a second connection merely costs a pool slot
 * (and can exhaust the pool under load); on the embedded database every connection shares one
 * PGlite session, so a transaction that waits on a second connection waits forever.
 *
 * This guard makes a violation visible wherever it happens, on either database: each
 * transaction callback runs with its query runner in an AsyncLocalStorage, and a query issued
 * through any other query runner while that transaction is still open is refused with a clear
 * error (`throw`, in tests and on the embedded database, where the alternative is a hang) or
 * logged once per call site (`warn`, on a PostgreSQL server in production).
 */
export type TransactionGuardMode = 'throw' | 'warn' | 'off';

interface OpenTransaction {
  runner: QueryRunner;
}

const open = new AsyncLocalStorage<OpenTransaction>();
let mode: TransactionGuardMode = 'off';
let installed = false;
const warned = new Set<string>();
const logger = new Logger('TransactionGuard');

export class SecondConnectionInTransactionError extends Error {
  constructor() {
    super(
      'A query used a second database connection while a transaction was open in the same call chain. ' +
        'Inside a transaction use only its EntityManager (do other reads before the transaction): ' +
        'on the embedded database this would wait forever.',
    );
    this.name = 'SecondConnectionInTransactionError';
  }
}

/** Whether a query through `runner` breaks the rule in the current async context. */
export function violatesTransactionRule(runner: QueryRunner): boolean {
  const tx = open.getStore();
  return !!tx && tx.runner !== runner && tx.runner.isTransactionActive && !tx.runner.isReleased;
}

const STRICTNESS: Record<TransactionGuardMode, number> = { off: 0, warn: 1, throw: 2 };

/**
 * Installs the guard once per process. Calls only ever make it stricter (main asks for `throw`
 * when it starts the embedded database; the database module asks for `throw` in tests and
 * `warn` otherwise).
 */
export function installTransactionGuard(atLeast: TransactionGuardMode): void {
  if (STRICTNESS[atLeast] > STRICTNESS[mode]) mode = atLeast;
  if (installed) return;
  installed = true;

  const transaction = EntityManager.prototype.transaction as (this: EntityManager, ...args: unknown[]) => Promise<unknown>;
  EntityManager.prototype.transaction = function patchedTransaction(this: EntityManager, ...args: unknown[]) {
    const fnIndex = typeof args[0] === 'function' ? 0 : 1;
    const fn = args[fnIndex] as ((manager: EntityManager) => Promise<unknown>) | undefined;
    if (typeof fn === 'function') {
      args[fnIndex] = (manager: EntityManager) => open.run({ runner: manager.queryRunner! }, () => fn(manager));
    }
    return transaction.apply(this, args);
  } as typeof EntityManager.prototype.transaction;

  const query = PostgresQueryRunner.prototype.query as (this: PostgresQueryRunner, ...args: unknown[]) => Promise<unknown>;
  PostgresQueryRunner.prototype.query = function guardedQuery(this: PostgresQueryRunner, ...args: unknown[]) {
    if (mode !== 'off' && violatesTransactionRule(this)) {
      const error = new SecondConnectionInTransactionError();
      if (mode === 'throw') return Promise.reject(error);
      const site = (error.stack ?? '').split('\n').slice(2, 8).join('\n');
      if (!warned.has(site)) {
        warned.add(site);
        logger.warn({ query: String(args[0]).slice(0, 200), site }, error.message);
      }
    }
    return query.apply(this, args);
  } as typeof PostgresQueryRunner.prototype.query;
}

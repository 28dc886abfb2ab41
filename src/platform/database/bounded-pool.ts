import { DataSource } from 'typeorm';

/** pg's error when `query_timeout` passed without an answer. */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

interface PgClientLike {
  query: (...args: unknown[]) => unknown;
  connection?: { stream?: { destroy(): void } };
}

/**
 * After a client-side query timeout, pg answers the caller but keeps the connection, whose
 * unanswered query would hold every later query on it (on a silent network, until TCP gives
 * up minutes later). Each pooled connection is therefore closed when one of its queries times
 * out: the pool drops it, and the next request opens a fresh one.
 */
export function closeConnectionsOnQueryTimeout(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master?: { on(event: 'acquire', listener: (client: PgClientLike) => void): void } }).master;
  const watched = new WeakSet<PgClientLike>();
  pool?.on('acquire', (client) => {
    if (watched.has(client)) return;
    watched.add(client);
    // the driver's method is looked up at each call, not bound once: instrumentation that
    // replaces pg's Client.prototype.query later (the bench's SQL probe, tracing) still sees it
    const proto = Object.getPrototypeOf(client) as PgClientLike;
    client.query = (...args: unknown[]) => {
      const answer = proto.query.apply(client, args);
      if (answer instanceof Promise) {
        answer.catch((err: unknown) => {
          if ((err as Error)?.message === QUERY_READ_TIMEOUT) client.connection?.stream?.destroy();
        });
      }
      return answer;
    };
  });
}

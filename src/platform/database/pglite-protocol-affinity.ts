/** Frontend message types of the extended query protocol (PostgreSQL protocol v3). */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F'].map((c) => c.charCodeAt(0)));
/** Messages after which the session is ready for another client: Sync, simple Query, Terminate. */
const ENDS = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));

interface ProtocolDb {
  isInTransaction(): boolean;
  execProtocolRawStream(message: Uint8Array, options?: unknown): Promise<unknown>;
  exec(query: string, options?: unknown): Promise<unknown>;
}

/**
 * pglite-socket multiplexes every client onto one PostgreSQL session and, unless a
 * transaction is open, may switch to another client after ANY protocol message. An
 * extended-protocol query (Parse, Bind, Describe, Execute … Sync: what `pg` sends for every
 * parameterized query) keeps its unnamed statement and portal in the session, so two clients'
 * sequences interleaved clobber each other ('portal "" does not exist', or one client reading
 * another's rows) as soon as requests run concurrently.
 *
 * This wrapper makes the session look "in a transaction" from the first message of such a
 * sequence until its Sync, so the socket server's queue keeps serving that client until the
 * sequence is complete. `exec` (used by the server to roll back after a client drops) clears it.
 */
export function withProtocolAffinity<T extends object>(db: T): T {
  let midSequence = false;
  const target = db as unknown as ProtocolDb;
  return new Proxy(db, {
    get(obj, prop) {
      if (prop === 'isInTransaction') return () => midSequence || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, options?: unknown) => {
          const type = message[0];
          if (EXTENDED.has(type)) midSequence = true;
          try {
            return await target.execProtocolRawStream(message, options);
          } finally {
            if (ENDS.has(type)) midSequence = false;
          }
        };
      }
      if (prop === 'exec') {
        return (query: string, options?: unknown) => {
          midSequence = false;
          return target.exec(query, options);
        };
      }
      const value = Reflect.get(obj, prop);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

/** Frontend message types of the extended query protocol (PostgreSQL protocol v3). */
const EXTENDED = new Set(['P', 'B', 'D', 'E', 'C', 'H', 'F'].map((c) => c.charCodeAt(0)));
/** Messages after which the session is ready for another client: Sync, simple Query, Terminate. */
const ENDS = new Set(['S', 'Q', 'X'].map((c) => c.charCodeAt(0)));
/**
 * Messages whose answer a client reads only after a later Sync or Flush: Parse, Bind, Describe,
 * Execute, Close (a PostgreSQL server, too, sends nothing of them before Sync or Flush).
 */
const HELD = new Set(['P', 'B', 'D', 'E', 'C'].map((c) => c.charCodeAt(0)));

interface RawStreamOptions {
  onRawData?: (data: Uint8Array) => void;
  [option: string]: unknown;
}

interface ProtocolDb {
  isInTransaction(): boolean;
  execProtocolRawStream(message: Uint8Array, options?: RawStreamOptions): Promise<unknown>;
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
 *
 * It also answers a sequence in one piece: pglite-socket writes every chunk PGlite produces to
 * the socket at once (no Nagle), so a parameterized query cost about six writes and six reads of
 * a few bytes each. The answers to Parse, Bind, Describe, Execute and Close are held (copied)
 * and written with the answer of the message that ends them (Sync, Flush, or any other), as a
 * server does; the client sees the same bytes in the same order.
 */
export function withProtocolAffinity<T extends object>(db: T): T {
  let midSequence = false;
  let held: Uint8Array[] = [];
  const target = db as unknown as ProtocolDb;
  return new Proxy(db, {
    get(obj, prop) {
      if (prop === 'isInTransaction') return () => midSequence || target.isInTransaction();
      if (prop === 'execProtocolRawStream') {
        return async (message: Uint8Array, options?: RawStreamOptions) => {
          const type = message[0];
          if (EXTENDED.has(type)) midSequence = true;
          const deliver = options?.onRawData;
          if (!deliver) {
            try {
              return await target.execProtocolRawStream(message, options);
            } finally {
              if (ENDS.has(type)) midSequence = false;
            }
          }
          // the chunk is a view into PGlite's memory, valid only during the callback: copy it
          const chunks = held;
          held = [];
          const collect = (chunk: Uint8Array) => void chunks.push(chunk.slice());
          try {
            const result = await target.execProtocolRawStream(message, { ...options, onRawData: collect });
            if (HELD.has(type)) held = chunks;
            else if (chunks.length) deliver(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
            return result;
          } finally {
            if (ENDS.has(type)) midSequence = false;
          }
        };
      }
      if (prop === 'exec') {
        return (query: string, options?: unknown) => {
          midSequence = false;
          // the held answers were for the client that dropped
          held = [];
          return target.exec(query, options);
        };
      }
      const value = Reflect.get(obj, prop);
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  });
}

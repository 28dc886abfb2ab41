import { AsyncLocalStorage } from 'node:async_hooks';
import { Server } from 'node:http';
import { AbstractLogger, DataSource, LogLevel, LogMessage } from 'typeorm';
import { TestApp } from './test-app';

/** Counts the SQL statements sent while serving the request tagged `measuring` (the DataSource's logger). */
class CountingLogger extends AbstractLogger {
  count = 0;
  measuring: string | null = null;
  constructor(private readonly tag: AsyncLocalStorage<string | undefined>) {
    super();
  }
  override logQuery(): void {
    if (this.measuring !== null && this.tag.getStore() === this.measuring) this.count++;
  }
  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {}
}

/** Records every SQL statement sent while serving a tagged request, in the order sent. */
class TaggedLog extends AbstractLogger {
  readonly entries: { tag: string; sql: string }[] = [];
  constructor(private readonly tag: AsyncLocalStorage<string | undefined>) {
    super();
  }
  override logQuery(query: string): void {
    const tag = this.tag.getStore();
    if (tag !== undefined) this.entries.push({ tag, sql: String(query).trim() });
  }
  protected writeLog(_level: LogLevel, _message: LogMessage | LogMessage[]): void {}
}

/**
 * Runs each HTTP request of the app in an async context holding its `header`, and makes the
 * logger `make` builds on that context the DataSource's logger.
 */
function tagRequests<L extends AbstractLogger>(t: TestApp, header: string, make: (tag: AsyncLocalStorage<string | undefined>) => L): L {
  const tag = new AsyncLocalStorage<string | undefined>();
  const logger = make(tag);
  Object.defineProperty(t.app.get(DataSource), 'logger', { value: logger, configurable: true, writable: true });
  const server: Server = t.app.getHttpServer();
  const handlers = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req, res) => tag.run(req.headers[header] as string | undefined, () => handlers.forEach((h) => h.call(server, req, res))));
  return logger;
}

/**
 * Installs a statement log on the app: `gql(tag, query, vars, token)` sends a GraphQL request
 * tagged `tag`; `entries` lists the statements of tagged requests in the order they were sent
 * (interleaved as they ran), each with its request's tag.
 */
export function sqlLog(t: TestApp): {
  entries: { tag: string; sql: string }[];
  gql(tag: string, query: string, vars: Record<string, unknown>, token?: string): Promise<{ data?: any; errors?: any[] }>;
} {
  const log = tagRequests(t, 'x-sql-tag', (tag) => new TaggedLog(tag));
  return {
    entries: log.entries,
    gql: async (tag, query, vars, token) => {
      const res = await fetch(`${t.baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-sql-tag': tag },
        body: JSON.stringify({ query, variables: vars }),
      });
      return res.json();
    },
  };
}

/**
 * Installs a statement counter on the app: the async context of each HTTP request carries its
 * `x-count-sql` header, so only the SQL of the measured request is counted (not background jobs,
 * nor after-commit work that earlier requests left running). Returns `statements(query, vars,
 * token, { refused })`: the SQL statements one GraphQL request sends, with its answer (or, with
 * `refused`, the code of the error it must answer).
 */
export function sqlCounter(
  t: TestApp,
): (query: string, vars: Record<string, unknown>, token?: string, opts?: { refused?: boolean }) => Promise<{ statements: number; data: any; code?: string }> {
  const counter = tagRequests(t, 'x-count-sql', (tag) => new CountingLogger(tag));
  let measurement = 0;
  return async (query, vars, token, opts) => {
    counter.measuring = `m-${++measurement}`;
    counter.count = 0;
    const res = await fetch(`${t.baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), 'x-count-sql': counter.measuring },
      body: JSON.stringify({ query, variables: vars }),
    });
    const body = await res.json();
    counter.measuring = null;
    // `refused`: the request is expected to fail; its code is returned
    if (opts?.refused) {
      if (!body.errors) throw new Error(`expected a refusal, got ${JSON.stringify(body.data)}`);
      return { statements: counter.count, data: null, code: body.errors[0]?.extensions?.code };
    }
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { statements: counter.count, data: body.data };
  };
}

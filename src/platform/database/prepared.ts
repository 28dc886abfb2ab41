import { createHash } from 'node:crypto';

/**
 * A statement PostgreSQL keeps prepared on each pooled connection: `manager.query(prepared(sql),
 * params)` parses and analyzes it once per connection instead of on every call (node-postgres
 * sends a named Parse the first time only). Meant for the hot, fixed-text statements of frequent
 * writes (a reply, its counters, notifications, room events): each distinct text becomes one
 * prepared statement on every connection for the connection's life, so never pass text that
 * varies with the data (values belong in parameters). The name is derived from the text, so two
 * texts never share one. Off (the plain text) once `disablePreparedStatements` was called: on the
 * embedded database every pooled connection shares one session, where a name prepared through
 * one connection already exists for the next.
 *
 * What it returns is node-postgres's query config (`text`, `name`), typed as the SQL text it
 * stands for (`toString` gives it): TypeORM's query runner passes its query unchanged to
 * node-postgres, which runs it as a named query; loggers and error messages that print it get the
 * text. (A plain object: node-postgres copies its own properties on every call, which for a
 * `String` object means one per character.)
 */
export function prepared(sql: string): string {
  if (!enabled) return sql;
  let statement = cache.get(sql);
  if (!statement) {
    const config = { text: sql, name: `asgm_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`, toString: () => sql };
    statement = config as unknown as string;
    cache.set(sql, statement);
  }
  return statement;
}

/** One config per text (a handful of statements). */
const cache = new Map<string, string>();

let enabled = true;

/**
 * Turns `prepared` off for the rest of the process (never on again): called when the database
 * turns out to be PGlite (`version()`), whose socket serves every connection in one session.
 */
export function disablePreparedStatements(): void {
  enabled = false;
}

/** Whether `version()` names an embedded PGlite. */
export const isPGliteVersion = (version: string): boolean => /\bPGlite\b/.test(version);

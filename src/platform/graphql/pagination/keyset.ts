import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { BadInputError } from '../../errors/domain-errors';
import { Connection, ConnectionArgs, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './connection.types';

export type KeyValue = string | number | boolean | null;

/**
 * One column of a keyset order. The last key must be unique (an id). Sort expressions must
 * be NOT NULL (wrap nullable ones in COALESCE), and timestamps stored with millisecond
 * precision (`timestamptz(3)`) so that a JavaScript Date round-trips exactly.
 */
export interface KeysetKey<Row> {
  /** SQL expression, e.g. `t.last_activity_at`. */
  expression: string;
  direction: 'ASC' | 'DESC';
  /** Reads this key's value from a result row, for the cursor. */
  value: (row: Row) => unknown;
  /** SQL type to cast the cursor value to, e.g. `timestamptz`, `uuid`, `int`. */
  cast?: string;
}

function normalise(v: unknown): KeyValue {
  if (v instanceof Date) return v.toISOString();
  if (v === undefined) return null;
  return v as KeyValue;
}

export function encodeCursor(values: KeyValue[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): KeyValue[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values as KeyValue[];
  } catch {
    /* fall through */
  }
  throw new BadInputError('The cursor is not valid for this list.', 'after');
}

/** Validates `first` against the contract: default 20, 0 to 100; anything else is BAD_USER_INPUT. */
export function pageSize(args: ConnectionArgs): number {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new BadInputError(`first must be between 0 and ${MAX_PAGE_SIZE}.`, 'first');
  }
  return first;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

/** Whether a decoded cursor value fits the SQL type it will be cast to (a forged cursor must not reach SQL). */
function fitsCast(value: KeyValue, cast: string | undefined): boolean {
  switch (cast) {
    case 'uuid':
      return typeof value === 'string' && UUID.test(value);
    case 'timestamptz':
    case 'timestamp':
      return typeof value === 'string' && ISO_TIMESTAMP.test(value) && Number.isFinite(Date.parse(value));
    case 'int':
    case 'integer':
      return Number.isInteger(value) && Math.abs(value as number) <= 2_147_483_647;
    case 'bigint':
      return Number.isSafeInteger(value);
    case 'real':
    case 'float8':
    case 'double precision':
    case 'numeric':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return (typeof value === 'string' && !value.includes('\u0000')) || (typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean';
  }
}

let paramSeq = 0;

/**
 * The "after this cursor" predicate of a (possibly mixed-direction) keyset order, with named
 * parameters (`:ks_n`); null without a cursor. A cursor whose values do not fit the keys' SQL
 * types is BAD_USER_INPUT before any SQL.
 */
export function keysetPredicate<Row>(keys: KeysetKey<Row>[], after?: string | null): { sql: string; params: Record<string, KeyValue> } | null {
  if (!after) return null;
  const values = decodeCursor(after, keys.length);
  if (values.some((v, i) => !fitsCast(v, keys[i].cast))) throw new BadInputError('The cursor is not valid for this list.', 'after');
  const params: Record<string, KeyValue> = {};
  const names = keys.map(() => `ks_${++paramSeq}`);
  const ref = (i: number) => `:${names[i]}${keys[i].cast ? `::${keys[i].cast}` : ''}`;
  const disjuncts = keys.map((k, i) => {
    const equal = keys.slice(0, i).map((p, j) => `${p.expression} = ${ref(j)}`);
    const op = k.direction === 'ASC' ? '>' : '<';
    return '(' + [...equal, `${k.expression} ${op} ${ref(i)}`].join(' AND ') + ')';
  });
  names.forEach((n, i) => (params[n] = values[i]));
  return { sql: `(${disjuncts.join(' OR ')})`, params };
}

/** `ORDER BY` list of a keyset order (without the keywords). */
export const keysetOrderSql = <Row>(keys: KeysetKey<Row>[]): string => keys.map((k) => `${k.expression} ${k.direction}`).join(', ');

/** Adds the "after this cursor" predicate for a (possibly mixed-direction) keyset order. */
export function applyKeyset<T extends ObjectLiteral, Row>(qb: SelectQueryBuilder<T>, keys: KeysetKey<Row>[], after?: string | null): SelectQueryBuilder<T> {
  keys.forEach((k, i) => (i === 0 ? qb.orderBy(k.expression, k.direction) : qb.addOrderBy(k.expression, k.direction)));
  const predicate = keysetPredicate(keys, after);
  return predicate ? qb.andWhere(predicate.sql, predicate.params) : qb;
}

/** Builds a connection from rows fetched with `limit first + 1`. */
export function toConnection<Row, Node = Row>(
  rows: Row[],
  keys: KeysetKey<Row>[],
  first: number,
  totalCount: () => Promise<number>,
  map: (row: Row) => Node = (row) => row as unknown as Node,
  after: string | null = null,
): Connection<Node> {
  const page = rows.slice(0, first);
  const edges = page.map((row) => ({ cursor: encodeCursor(keys.map((k) => normalise(k.value(row)))), node: map(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      // forward pagination: items precede this page exactly when it starts after a cursor
      hasPreviousPage: after !== null && after !== undefined,
      startCursor: edges.length ? edges[0].cursor : null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
    totalCount,
  };
}

/**
 * Keyset pagination of an entity query: orders by `keys`, continues after the cursor,
 * fetches one extra row to know whether there is a next page, and counts lazily.
 */
export async function paginate<T extends ObjectLiteral, Node = T>(
  qb: SelectQueryBuilder<T>,
  keys: KeysetKey<T>[],
  args: ConnectionArgs,
  map?: (row: T) => Node,
): Promise<Connection<Node>> {
  const first = pageSize(args);
  const countQb = qb.clone();
  applyKeyset(qb, keys, args.after);
  const rows = first === 0 ? [] : await qb.limit(first + 1).getMany();
  return toConnection(rows, keys, first, () => countQb.getCount(), map, args.after ?? null);
}

import { Role } from '../../access/roles';
import { User } from './user.type';

/**
 * The columns of a public `User` (never the email, password hash or anything private), for
 * queries that read users without entity hydration: this file's own lookup and other features'
 * lists that join their authors (`JOIN users a ON a.id = x.author_id`, then
 * `userColumnsSql('a', 'a_')` and `userFromRow(row, 'a_')`).
 */
const COLUMNS = ['id', 'handle', 'display_name', 'role', 'country', 'languages', 'suspended_until', 'created_at'] as const;

/** `alias.id AS <prefix>id, …` for a SELECT list. */
export const userColumnsSql = (alias: string, prefix = ''): string => COLUMNS.map((c) => `${alias}.${c} AS ${prefix}${c}`).join(', ');

type Row = Record<string, unknown>;

/** A `User` from a row selected with `userColumnsSql(alias, prefix)`; null when the row holds no user (an outer join that found none). */
export function userFromRow(row: Row, prefix = ''): User | null {
  const id = row[`${prefix}id`] as string | null;
  if (id === null || id === undefined) return null;
  const u = new User();
  u.id = id;
  u.handle = row[`${prefix}handle`] as string;
  u.displayName = row[`${prefix}display_name`] as string;
  u.role = row[`${prefix}role`] as Role;
  u.country = (row[`${prefix}country`] as string | null) ?? null;
  u.languages = (row[`${prefix}languages`] as string[] | null) ?? [];
  u.createdAt = row[`${prefix}created_at`] as Date;
  u.suspendedUntil = (row[`${prefix}suspended_until`] as Date | null) ?? null;
  return u;
}

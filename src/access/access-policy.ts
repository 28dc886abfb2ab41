import { isStaff, Sector, VisibilityScope } from './roles';
import { isSuspended, Viewer } from './viewer';

/** Anything with a visibility: threads, live sessions, and what hangs off them. */
export interface VisibleResource {
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[] | null;
  authorId: string | null;
}

/** Column names of a visible resource in SQL, relative to a query alias. */
export interface VisibilityColumns {
  scope: string;
  sectors: string;
  author: string;
}

/** A visible resource that moderation can hide and its author can delete (threads, posts). */
export interface ContentResource extends VisibleResource {
  hidden: boolean;
  /** When given and true, the item is gone as content for everyone (search never shows it). */
  deleted?: boolean;
}

/** SQL expressions of a content resource; `deleted` only where the query excludes deleted items. */
export interface ContentColumns extends VisibilityColumns {
  hidden: string;
  deleted: string | null;
}

export interface SqlPredicate {
  sql: string;
  params: Record<string, unknown>;
}

/**
 * How the policy classifies a viewer. A suspended account reads like an anonymous one:
 * it keeps PUBLIC content and loses MEMBERS, SECTORS and staff privileges until it ends.
 */
type Audience =
  | { kind: 'anonymous' }
  | { kind: 'staff' }
  | { kind: 'member'; id: string; sector: Sector | null };

function audienceOf(viewer: Viewer | null | undefined, now = new Date()): Audience {
  if (!viewer || isSuspended(viewer, now)) return { kind: 'anonymous' };
  if (isStaff(viewer.role)) return { kind: 'staff' };
  return { kind: 'member', id: viewer.id, sector: viewer.sector };
}

let paramSeq = 0;

function visibilityColumns(alias: string, columns?: Partial<VisibilityColumns>): VisibilityColumns {
  return {
    scope: columns?.scope ?? `${alias}.visibility_scope`,
    sectors: columns?.sectors ?? `${alias}.visibility_sectors`,
    author: columns?.author ?? `${alias}.author_id`,
  };
}

/** The per-item rule for one audience (the table below). */
function viewAs(audience: Audience, resource: VisibleResource): boolean {
  switch (audience.kind) {
    case 'staff':
      return true;
    case 'anonymous':
      return resource.visibilityScope === VisibilityScope.PUBLIC;
    case 'member':
      if (resource.visibilityScope !== VisibilityScope.SECTORS) return true;
      if (resource.authorId !== null && resource.authorId === audience.id) return true;
      return audience.sector !== null && (resource.visibilitySectors ?? []).includes(audience.sector);
  }
}

/** The same rule as SQL, written beside `viewAs`. */
function viewSqlAs(audience: Audience, col: VisibilityColumns): SqlPredicate {
  const n = ++paramSeq;
  switch (audience.kind) {
    case 'staff':
      return { sql: 'TRUE', params: {} };
    case 'anonymous':
      return { sql: `${col.scope} = 'PUBLIC'`, params: {} };
    case 'member': {
      const bySector = audience.sector === null ? 'FALSE' : `:vp_sector_${n} = ANY(${col.sectors})`;
      return {
        sql: `(${col.scope} <> 'SECTORS' OR ${col.author} = :vp_viewer_${n} OR ${bySector})`,
        params: { [`vp_viewer_${n}`]: audience.id, ...(audience.sector === null ? {} : { [`vp_sector_${n}`]: audience.sector }) },
      };
    }
  }
}

/**
 * The one access policy. `canView` (per item) and `visibilityPredicate` (list filter) are
 * written side by side from the same `audienceOf` so they cannot disagree; a property test
 * checks them against each other on the real database. Every read path uses these.
 *
 * | scope    | anonymous / suspended | signed-in member                    | MODERATOR, ADMIN |
 * |----------|-----------------------|-------------------------------------|------------------|
 * | PUBLIC   | yes                   | yes                                 | yes              |
 * | MEMBERS  | no                    | yes                                 | yes              |
 * | SECTORS  | no                    | author, or sector in the list       | yes              |
 */
export const AccessPolicy = {
  canView(viewer: Viewer | null | undefined, resource: VisibleResource, now = new Date()): boolean {
    return viewAs(audienceOf(viewer, now), resource);
  },

  /** SQL predicate equivalent to `canView`, for `qb.andWhere(p.sql, p.params)`. */
  visibilityPredicate(viewer: Viewer | null | undefined, alias: string, columns?: Partial<VisibilityColumns>, now = new Date()): SqlPredicate {
    return viewSqlAs(audienceOf(viewer, now), visibilityColumns(alias, columns));
  },

  /**
   * The rule for content (threads, posts): `canView`, and hidden items for MODERATOR and ADMIN
   * only; an item marked `deleted: true` is not content for anyone. Every per-item read of a
   * thread or post (thread(id), lists, socket rooms, replays) uses this.
   */
  canViewContent(viewer: Viewer | null | undefined, resource: ContentResource, now = new Date()): boolean {
    const audience = audienceOf(viewer, now);
    if (resource.deleted === true) return false;
    if (resource.hidden && audience.kind !== 'staff') return false;
    return viewAs(audience, resource);
  },

  /**
   * SQL twin of `canViewContent`: columns default to `<alias>.visibility_scope`,
   * `<alias>.visibility_sectors`, `<alias>.author_id`, `<alias>.hidden`; `deleted` is checked
   * only when a column is given (post lists keep deleted replies as tombstones).
   */
  contentPredicate(viewer: Viewer | null | undefined, alias: string, columns?: Partial<ContentColumns>, now = new Date()): SqlPredicate {
    const col: ContentColumns = { ...visibilityColumns(alias, columns), hidden: columns?.hidden ?? `${alias}.hidden`, deleted: columns?.deleted ?? null };
    const audience = audienceOf(viewer, now);
    const visible = viewSqlAs(audience, col);
    const parts = [visible.sql];
    if (col.deleted !== null) parts.unshift(`${col.deleted} = false`);
    if (audience.kind !== 'staff') parts.unshift(`${col.hidden} = false`);
    return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params: visible.params };
  },

  /** Hidden (moderated) content is shown, marked hidden, only to MODERATOR and ADMIN. */
  canSeeHidden(viewer: Viewer | null | undefined, now = new Date()): boolean {
    return audienceOf(viewer, now).kind === 'staff';
  },

  /** Whether the viewer counts as a signed-in, non-suspended user. */
  isActiveMember(viewer: Viewer | null | undefined, now = new Date()): viewer is Viewer {
    return audienceOf(viewer, now).kind !== 'anonymous';
  },
};

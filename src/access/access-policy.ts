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
    const audience = audienceOf(viewer, now);
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
  },

  /** SQL predicate equivalent to `canView`, for `qb.andWhere(p.sql, p.params)`. */
  visibilityPredicate(viewer: Viewer | null | undefined, alias: string, columns?: Partial<VisibilityColumns>, now = new Date()): SqlPredicate {
    const col: VisibilityColumns = {
      scope: columns?.scope ?? `${alias}.visibility_scope`,
      sectors: columns?.sectors ?? `${alias}.visibility_sectors`,
      author: columns?.author ?? `${alias}.author_id`,
    };
    const audience = audienceOf(viewer, now);
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

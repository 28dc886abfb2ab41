import { Sector, VisibilityScope } from './roles';
import { isSuspended, isUnverified, staffScopeOf, Viewer } from './viewer';

/** Anything with a visibility: threads, live sessions, and what hangs off them. */
export interface VisibleResource {
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[] | null;
  authorId: string | null;
  /**
   * The topic it belongs to (a thread's; a reply's thread's; a live session's); null for none.
   * A topic-limited MODERATOR is staff for resources of their topics and a MEMBER elsewhere.
   */
  topicId: string | null;
}

/** Column names of a visible resource in SQL, relative to a query alias. */
export interface VisibilityColumns {
  scope: string;
  sectors: string;
  author: string;
  /** The resource's topic (default `<alias>.topic_id`; replies use their thread's). */
  topic: string;
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
 * it keeps PUBLIC content and loses MEMBERS, SECTORS and staff privileges until it ends. So does
 * an account whose email is not verified (while REQUIRE_EMAIL_VERIFICATION is on), whatever its
 * role, until it is verified: signing up must not be a way into MEMBERS content.
 */
type Audience =
  | { kind: 'anonymous' }
  | { kind: 'staff' }
  | { kind: 'member'; id: string; sector: Sector | null }
  /** A topic-limited MODERATOR: staff for resources of `topics`, a member (`id`, `sector`) elsewhere. */
  | { kind: 'topicStaff'; id: string; sector: Sector | null; topics: ReadonlySet<string> };

function audienceOf(viewer: Viewer | null | undefined, now = new Date()): Audience {
  if (!viewer || isSuspended(viewer, now) || isUnverified(viewer)) return { kind: 'anonymous' };
  const scope = staffScopeOf(viewer);
  if (scope === 'all') return { kind: 'staff' };
  if (scope) return { kind: 'topicStaff', id: viewer.id, sector: viewer.sector, topics: scope };
  return { kind: 'member', id: viewer.id, sector: viewer.sector };
}

/** The audience for one resource: a topic-limited MODERATOR is staff in their topics, a member elsewhere. */
function audienceFor(audience: Audience, topicId: string | null | undefined): Exclude<Audience, { kind: 'topicStaff' }> {
  if (audience.kind !== 'topicStaff') return audience;
  return topicId && audience.topics.has(topicId) ? { kind: 'staff' } : { kind: 'member', id: audience.id, sector: audience.sector };
}

let paramSeq = 0;

function visibilityColumns(alias: string, columns?: Partial<VisibilityColumns>): VisibilityColumns {
  return {
    scope: columns?.scope ?? `${alias}.visibility_scope`,
    sectors: columns?.sectors ?? `${alias}.visibility_sectors`,
    author: columns?.author ?? `${alias}.author_id`,
    topic: columns?.topic ?? `${alias}.topic_id`,
  };
}

/** SQL twin of "the resource's topic is one of the topic-limited moderator's" (false for a resource without a topic). */
function inTopicsSql(audience: { topics: ReadonlySet<string> }, col: VisibilityColumns, n: number): SqlPredicate {
  return { sql: `coalesce(${col.topic} = ANY(:vp_topics_${n}::uuid[]), false)`, params: { [`vp_topics_${n}`]: [...audience.topics] } };
}

/** The per-item rule for one audience (the table below). */
function viewAs(forAll: Audience, resource: VisibleResource): boolean {
  const audience = audienceFor(forAll, resource.topicId);
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
    case 'member':
    case 'topicStaff': {
      const bySector = audience.sector === null ? 'FALSE' : `:vp_sector_${n} = ANY(${col.sectors})`;
      const member: SqlPredicate = {
        sql: `(${col.scope} <> 'SECTORS' OR ${col.author} = :vp_viewer_${n} OR ${bySector})`,
        params: { [`vp_viewer_${n}`]: audience.id, ...(audience.sector === null ? {} : { [`vp_sector_${n}`]: audience.sector }) },
      };
      if (audience.kind === 'member') return member;
      // staff in their topics, a member elsewhere
      const inTopics = inTopicsSql(audience, col, n);
      return { sql: `(${inTopics.sql} OR ${member.sql})`, params: { ...inTopics.params, ...member.params } };
    }
  }
}

/**
 * The one access policy. `canView` (per item) and `visibilityPredicate` (list filter) are
 * written side by side from the same `audienceOf` so they cannot disagree; a property test
 * checks them against each other on the real database. Every read path uses these.
 *
 * | scope    | anonymous / suspended / unverified | signed-in member              | MODERATOR, ADMIN |
 * |----------|------------------------------------|-------------------------------|------------------|
 * | PUBLIC   | yes                                | yes                           | yes              |
 * | MEMBERS  | no                                 | yes                           | yes              |
 * | SECTORS  | no                                 | author, or sector in the list | yes              |
 *
 * A topic-limited MODERATOR (`Viewer.topicScope`) is in the last column for resources whose
 * `topicId` is one of their topics (subtopics included) and in the member column elsewhere,
 * with their own id and sector; hidden content likewise.
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
    const audience = audienceFor(audienceOf(viewer, now), resource.topicId);
    if (resource.deleted === true) return false;
    if (resource.hidden && audience.kind !== 'staff') return false;
    return viewAs(audience, resource);
  },

  /**
   * SQL twin of `canViewContent`: columns default to `<alias>.visibility_scope`,
   * `<alias>.visibility_sectors`, `<alias>.author_id`, `<alias>.topic_id`, `<alias>.hidden`;
   * `deleted` is checked only when a column is given (post lists keep deleted replies as tombstones).
   */
  contentPredicate(viewer: Viewer | null | undefined, alias: string, columns?: Partial<ContentColumns>, now = new Date()): SqlPredicate {
    const col: ContentColumns = { ...visibilityColumns(alias, columns), hidden: columns?.hidden ?? `${alias}.hidden`, deleted: columns?.deleted ?? null };
    const audience = audienceOf(viewer, now);
    const visible = viewSqlAs(audience, col);
    const parts = [visible.sql];
    if (col.deleted !== null) parts.unshift(`${col.deleted} = false`);
    let params = visible.params;
    if (audience.kind === 'topicStaff') {
      // hidden items of their topics only
      const inTopics = inTopicsSql(audience, col, ++paramSeq);
      parts.unshift(`(${col.hidden} = false OR ${inTopics.sql})`);
      params = { ...params, ...inTopics.params };
    } else if (audience.kind !== 'staff') {
      parts.unshift(`${col.hidden} = false`);
    }
    return { sql: parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`, params };
  },

  /**
   * Hidden (moderated) content of this resource (a thread, a reply, a session's chat) is shown,
   * marked hidden, only to MODERATOR and ADMIN; to a topic-limited MODERATOR only in their topics.
   */
  canSeeHidden(viewer: Viewer | null | undefined, resource: { topicId: string | null }, now = new Date()): boolean {
    return audienceFor(audienceOf(viewer, now), resource.topicId).kind === 'staff';
  },

  /** Whether the viewer counts as a signed-in, non-suspended user. */
  isActiveMember(viewer: Viewer | null | undefined, now = new Date()): viewer is Viewer {
    return audienceOf(viewer, now).kind !== 'anonymous';
  },
};

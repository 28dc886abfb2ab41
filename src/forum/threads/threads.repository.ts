import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Sector, VisibilityScope } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { ViewerService, viewersJsonSql } from '../../identity/auth/viewer.service';
import { prepared } from '../../platform/database/prepared';
import { entityColumns, entityFromRow } from '../../platform/database/raw-entity';
import { isUuid } from '../../platform/validation/uuid';
import { byKey } from '../../platform/graphql/loaders';
import { Connection } from '../../platform/graphql/pagination/connection.types';
import { KeysetKey, keysetOrderSql, keysetPredicate, pageSize, toConnection } from '../../platform/graphql/pagination/keyset';
import { normalizeTag } from '../content/tags';
import { topicColumnsSql, topicSubtreeSql } from '../topics/topics.repository';
import { Topic } from '../topics/topic.type';
import { User } from '../../identity/users/user.type';
import { userColumnsSql, userFromRow } from '../../identity/users/user-row';
import { ApprovedMembership, approvedMembershipFromRow, approvedMembershipSql } from '../../identity/organizations/memberships.service';
import { ThreadsArgs } from './dto/thread-filter.input';
import { ThreadKind, ThreadOrder } from './thread-kind.enum';
import { ThreadEntity, ThreadFields } from './thread.entity';

/** A thread row to insert, validated and rendered (API and demo seed share this path). */
export interface NewThreadRow {
  kind: ThreadKind;
  title: string;
  body: string;
  bodyHtml: string;
  authorId: string;
  topicId: string;
  tags: string[];
  visibilityScope: VisibilityScope;
  visibilitySectors: Sector[];
  language: string;
  pinned?: boolean;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  /** Backdated creation (demo seed); default now(). Also the first lastActivityAt. */
  createdAt?: Date | null;
}

/** What an edit may change. */
export type ThreadEdit = Partial<Pick<ThreadEntity, 'title' | 'body' | 'bodyHtml' | 'tags' | 'topicId'>>;

/**
 * The denormalized columns of a thread that its replies, votes and answers keep. They describe
 * what members see: `postCount`, `score`, `lastActivityAt` and the last poster count only the
 * visible replies (neither deleted nor hidden by moderation); `hiddenPostCount` the hidden ones.
 */
export type ThreadCounters = Pick<ThreadEntity, 'postCount' | 'hiddenPostCount' | 'score' | 'lastActivityAt' | 'lastPosterId' | 'acceptedPostId'>;

const COUNTER_COLUMNS = ['post_count', 'hidden_post_count', 'score', 'last_activity_at', 'last_poster_id', 'accepted_post_id'];
/** `RETURNING` list of the counters, qualified with `alias` when given. */
const returningCounters = (alias?: string) => COUNTER_COLUMNS.map((c) => (alias ? `${alias}.${c}` : c)).join(', ');

interface CounterRow {
  post_count: number;
  hidden_post_count: number;
  score: number;
  last_activity_at: Date;
  last_poster_id: string | null;
  accepted_post_id: string | null;
}

const toCounters = (r: CounterRow): ThreadCounters => ({
  postCount: Number(r.post_count),
  hiddenPostCount: Number(r.hidden_post_count),
  score: Number(r.score),
  lastActivityAt: new Date(r.last_activity_at),
  lastPosterId: r.last_poster_id,
  acceptedPostId: r.accepted_post_id,
});

/** The columns `threadFromRow` reads (`visibility_sectors` as text[]: node-postgres does not parse enum arrays). */
const THREAD_COLUMNS = [
  'id', 'kind', 'title', 'body', 'body_html', 'author_id', 'topic_id', 'tags', 'visibility_scope', 'visibility_sectors', 'language',
  'accepted_post_id', 'locked', 'pinned', 'hidden', 'post_count', 'hidden_post_count', 'score', 'last_activity_at', 'last_poster_id', 'created_at', 'edited_at',
];
/** Without `bodies`, the two body columns (up to 50,000 characters each) are read as empty strings. */
const threadColumnsSql = (alias: string, bodies = true): string =>
  THREAD_COLUMNS.map((c) => {
    if (c === 'visibility_sectors') return `${alias}.${c}::text[] AS ${c}`;
    if (!bodies && (c === 'body' || c === 'body_html')) return `'' AS ${c}`;
    return `${alias}.${c}`;
  }).join(', ');

/** A thread read with `threadColumnsSql`, without entity hydration. */
function threadFromRow(r: Record<string, any>): ThreadFields {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    bodyHtml: r.body_html,
    authorId: r.author_id,
    topicId: r.topic_id,
    tags: r.tags ?? [],
    visibilityScope: r.visibility_scope,
    visibilitySectors: r.visibility_sectors ?? [],
    language: r.language,
    acceptedPostId: r.accepted_post_id,
    locked: r.locked,
    pinned: r.pinned,
    hidden: r.hidden,
    postCount: Number(r.post_count),
    hiddenPostCount: Number(r.hidden_post_count),
    score: Number(r.score),
    lastActivityAt: r.last_activity_at,
    lastPosterId: r.last_poster_id,
    createdAt: r.created_at,
    editedAt: r.edited_at,
  };
}

/** A thread with its author and topic, read in one statement (lists and `thread(id)`). */
export interface ThreadWithRefs extends ThreadFields {
  /** Null only if the account no longer exists. */
  author: User | null;
  topic: Topic;
  /** The author's approved membership (null: none), when asked for with `authorOrganization`. */
  authorMembership?: ApprovedMembership | null;
  /** True when `body` and `bodyHtml` were not read (empty strings stand in): such a row must not be handed to other readers. */
  withoutBodies?: true;
}

/** What a read of threads with their references reads besides the thread, its author and topic. */
export interface ThreadRefsOptions {
  /** The author's approved membership and organization (`User.organization`, `User.sector` asked for). */
  authorOrganization?: boolean;
  /** False: `body` and `bodyHtml` are not asked for, and not read (default: read). */
  bodies?: boolean;
}

/** SELECT list and joins of a thread `t` with its author `a`, topic `tp` and, if asked, the author's organization. */
function withRefsSql(options: ThreadRefsOptions): { columns: string; joins: string } {
  const columns = `${threadColumnsSql('t', options.bodies !== false)}, ${userColumnsSql('a', 'a_')}, ${topicColumnsSql('tp', 'tp_')}`;
  const joins = `LEFT JOIN users a ON a.id = t.author_id JOIN topics tp ON tp.id = t.topic_id`;
  if (!options.authorOrganization) return { columns, joins };
  const approved = approvedMembershipSql('a', 'a_');
  return { columns: `${columns}, ${approved.columns}`, joins: `${joins} ${approved.joins}` };
}

function withRefsFromRow(r: Record<string, unknown>, options: ThreadRefsOptions): ThreadWithRefs {
  // the thread's own object, extended in the same order every time (one hidden class): a spread
  // copy extended afterwards cost more than the rest of a list's mapping
  const row = threadFromRow(r) as ThreadWithRefs;
  const author = userFromRow(r, 'a_');
  row.author = author;
  row.topic = Topic.fromRow(r, 'tp_');
  row.authorMembership = options.authorOrganization && author ? approvedMembershipFromRow(r, author.id, 'a_') : undefined;
  row.withoutBodies = options.bodies === false ? true : undefined;
  return row;
}

/** The latest visible reply of thread $1 (`latest`, joined laterally) and the activity columns set from it. */
const LATEST_VISIBLE_JOIN = `LEFT JOIN LATERAL (SELECT p.author_id, p.created_at FROM posts p WHERE p.thread_id = $1 AND NOT p.deleted AND NOT p.hidden
                             ORDER BY p.created_at DESC, p.id DESC LIMIT 1) latest ON true`;
const LATEST_VISIBLE_SET = `last_poster_id = latest.author_id, last_activity_at = greatest(t.created_at, coalesce(latest.created_at, t.created_at))`;

const pinned: KeysetKey<ThreadFields> = { expression: 't.pinned', direction: 'DESC', value: (r) => r.pinned, cast: 'boolean' };
const activity: KeysetKey<ThreadFields> = { expression: 't.last_activity_at', direction: 'DESC', value: (r) => r.lastActivityAt, cast: 'timestamptz' };
const id: KeysetKey<ThreadFields> = { expression: 't.id', direction: 'DESC', value: (r) => r.id, cast: 'uuid' };

/** Keyset orders: pinned first (part of the key), then the order's columns, then id. Each has an index. */
export const THREAD_ORDERS: Record<ThreadOrder, KeysetKey<ThreadFields>[]> = {
  [ThreadOrder.ACTIVITY]: [pinned, activity, id],
  [ThreadOrder.NEWEST]: [pinned, { expression: 't.created_at', direction: 'DESC', value: (r) => r.createdAt, cast: 'timestamptz' }, id],
  [ThreadOrder.TOP]: [pinned, { expression: 't.score', direction: 'DESC', value: (r) => r.score, cast: 'int' }, activity, id],
};

/**
 * The `threads` and `thread_watchers` tables: every SQL statement on them goes through here,
 * and so do the thread's denormalized counters (postCount and hiddenPostCount, score,
 * lastActivityAt, last poster, accepted answer), always in the transaction of the write that
 * changes them, under the thread's row lock. Methods that
 * write take that transaction's manager; reads without one use the pool. Callers pass
 * well-formed ids (`ThreadAccess` answers NOT_FOUND for the others).
 */
@Injectable()
export class ThreadsRepository {
  private lockSql?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly viewers: ViewerService,
  ) {}

  // ---------------------------------------------------------------- rows

  /**
   * Inserts a thread (lastActivityAt = createdAt). With an idempotency key this author already
   * used, inserts nothing and returns the existing row (`created: false`); concurrent retries
   * wait on the unique index.
   */
  async insert(manager: EntityManager, t: NewThreadRow): Promise<{ entity: ThreadEntity; created: boolean }> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO threads (kind, title, body, body_html, author_id, topic_id, tags, visibility_scope, visibility_sectors, language,
                            pinned, idempotency_key, request_hash, created_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8, $9::sector[], $10, $11, $12, $13, coalesce($14::timestamptz, now()), coalesce($14::timestamptz, now()))
       ON CONFLICT (author_id, idempotency_key) DO NOTHING
       RETURNING id`,
      [
        t.kind, t.title, t.body, t.bodyHtml, t.authorId, t.topicId, t.tags, t.visibilityScope, t.visibilitySectors, t.language,
        t.pinned ?? false, t.idempotencyKey ?? null, t.requestHash ?? null, t.createdAt ?? null,
      ],
    );
    const repo = manager.getRepository(ThreadEntity);
    if (!inserted.length) {
      return { entity: await repo.findOneOrFail({ where: { authorId: t.authorId, idempotencyKey: t.idempotencyKey ?? '' } }), created: false };
    }
    return { entity: await repo.findOneOrFail({ where: { id: inserted[0].id } }), created: true };
  }

  /**
   * Serializes one author's thread creations until the transaction ends (a transaction-scoped
   * advisory lock), so that a cap counted from the rows below is exact across instances.
   */
  async lockAuthorCreations(manager: EntityManager, authorId: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`threads.author:${authorId}`]);
  }

  /**
   * When the author created at least `n` threads in the last `windowSeconds` (rolling): the
   * seconds until the n-th newest leaves the window, i.e. until fewer than `n` remain in it;
   * null when fewer than `n` are in it now. Uses `threads_author_idx`.
   */
  async secondsUntilFewerThan(manager: EntityManager, authorId: string, n: number, windowSeconds: number): Promise<number | null> {
    const rows: { wait: number }[] = await manager.query(
      `SELECT extract(epoch FROM created_at + make_interval(secs => $2) - now())::float8 AS wait
         FROM threads WHERE author_id = $1 AND created_at > now() - make_interval(secs => $2)
        ORDER BY created_at DESC, id DESC OFFSET $3 LIMIT 1`,
      [authorId, windowSeconds, n - 1],
    );
    return rows.length ? Math.max(0, Number(rows[0].wait)) : null;
  }

  findById(id: string, manager?: EntityManager): Promise<ThreadEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(ThreadEntity).findOne({ where: { id } });
  }

  /** One thread with its author and topic, in one statement and without hydration (`thread(id)`); null when missing. */
  async findWithRefs(id: string, options: ThreadRefsOptions = {}): Promise<ThreadWithRefs | null> {
    const refs = withRefsSql(options);
    const rows: Record<string, unknown>[] = await this.dataSource.query(`SELECT ${refs.columns} FROM threads t ${refs.joins} WHERE t.id = $1`, [id]);
    return rows.length ? withRefsFromRow(rows[0], options) : null;
  }

  findByIds(ids: readonly string[]): Promise<ThreadEntity[]> {
    return this.dataSource.getRepository(ThreadEntity).find({ where: { id: In([...ids]) } });
  }

  /** The author's thread created with this idempotency key, if any. */
  findByIdempotencyKey(manager: EntityManager, authorId: string, key: string): Promise<ThreadEntity | null> {
    return manager.getRepository(ThreadEntity).findOne({ where: { authorId, idempotencyKey: key } });
  }

  /** Reads and locks the row for a write (FOR NO KEY UPDATE: replies may still reference it). */
  async lock(manager: EntityManager, id: string): Promise<ThreadEntity | null> {
    // written out (every reply takes this lock): the query builder cost more than the statement
    this.lockSql ??= `SELECT ${entityColumns(manager, ThreadEntity)} FROM threads WHERE id = $1 FOR NO KEY UPDATE`;
    const rows: Record<string, unknown>[] = await manager.query(prepared(this.lockSql), [id]);
    return rows.length ? entityFromRow(manager, ThreadEntity, rows[0]) : null;
  }

  /** Applies an edit and sets editedAt to the transaction's time; returns the row after. */
  async edit(manager: EntityManager, id: string, changes: ThreadEdit): Promise<ThreadEntity> {
    const repo = manager.getRepository(ThreadEntity);
    await repo.update({ id }, { ...changes, editedAt: () => 'now()' });
    return repo.findOneOrFail({ where: { id } });
  }

  /**
   * A moderator's change (lock, pin, hide, move): not an edit, so editedAt stays. Topic thread
   * counts of a move are `TopicsRepository.adjustThreadCounts`'. Returns the row after.
   */
  async setModerated(manager: EntityManager, id: string, changes: Partial<Pick<ThreadEntity, 'locked' | 'pinned' | 'hidden' | 'topicId'>>): Promise<ThreadEntity> {
    const repo = manager.getRepository(ThreadEntity);
    await repo.update({ id }, changes);
    return repo.findOneOrFail({ where: { id } });
  }

  // ---------------------------------------------------------------- counters

  /**
   * A (visible) reply was posted: one more post, latest activity and poster. Written as the body
   * of a data-modifying CTE that follows the CTE `inserted` (the new `posts` row: its thread_id,
   * author_id and created_at), so that the reply, its thread's counters and the thread's watchers
   * take one statement (`PostsRepository.insert`); when `inserted` holds no row (an idempotent
   * replay) nothing changes. Its rows carry the counters and the watchers (as Viewers, who hear
   * of the reply: `ViewerService`'s SQL) under the names that `replyRecorded` reads.
   */
  recordReplySql(inserted: string): string {
    return `UPDATE threads t SET post_count = t.post_count + 1, last_activity_at = greatest(t.last_activity_at, ${inserted}.created_at), last_poster_id = ${inserted}.author_id
              FROM ${inserted} WHERE t.id = ${inserted}.thread_id
            RETURNING ${COUNTER_COLUMNS.map((c) => `t.${c} AS thread_${c}`).join(', ')},
                      ${viewersJsonSql('SELECT w.user_id FROM thread_watchers w WHERE w.thread_id = t.id')} AS thread_watchers`;
  }

  /** The counters after a reply and the thread's watchers, from a row of `recordReplySql`. */
  replyRecorded(row: Record<string, unknown>): { counters: ThreadCounters; watchers: Viewer[] } {
    if (row.thread_post_count === null || row.thread_post_count === undefined) throw new Error('thread row missing under its lock');
    const counters = Object.fromEntries(COUNTER_COLUMNS.map((c) => [c, row[`thread_${c}`]])) as unknown as CounterRow;
    return { counters: toCounters(counters), watchers: this.viewers.fromJson(row.thread_watchers) };
  }

  /**
   * A reply was deleted (and is already marked deleted): one post fewer (a hidden one: one hidden
   * post fewer), its score off a visible one's, no longer the accepted answer, and the latest
   * remaining visible reply (or the thread itself) is the last activity.
   */
  recordReplyDeleted(manager: EntityManager, threadId: string, post: { id: string; score: number; hidden: boolean }): Promise<ThreadCounters> {
    return this.updateCounters(
      manager,
      `UPDATE threads t SET post_count = post_count - CASE WHEN $4 THEN 0 ELSE 1 END,
              hidden_post_count = hidden_post_count - CASE WHEN $4 THEN 1 ELSE 0 END,
              score = score - CASE WHEN $4 THEN 0 ELSE $2 END,
              accepted_post_id = CASE WHEN accepted_post_id = $3 THEN NULL ELSE accepted_post_id END,
              ${LATEST_VISIBLE_SET}
         FROM (SELECT NULL) AS one ${LATEST_VISIBLE_JOIN}
        WHERE t.id = $1
       RETURNING ${returningCounters('t')}`,
      [threadId, post.score, post.id, post.hidden],
    );
  }

  /**
   * Moderation hid a reply (`hidden`) or showed it again (it is already marked so; a deleted reply
   * counts nowhere, so its callers skip this): it moves between the visible and hidden counts,
   * its score leaves or rejoins the thread's, and the last activity and poster are those of the
   * latest visible reply again. A hidden accepted answer stops answering the thread
   * (`acceptedPostId` null, so `answered` false and the thread is listed as unanswered again)
   * while the reply keeps its `accepted` flag: shown again, it is the accepted answer again unless
   * another was accepted meanwhile (accepting one clears the flag of every other reply).
   * Under the thread's lock, like every counter change.
   */
  recordReplyHiddenChanged(manager: EntityManager, threadId: string, post: { id: string; score: number; accepted: boolean }, hidden: boolean): Promise<ThreadCounters> {
    return this.updateCounters(
      manager,
      `UPDATE threads t SET post_count = post_count + CASE WHEN $3 THEN -1 ELSE 1 END,
              hidden_post_count = hidden_post_count + CASE WHEN $3 THEN 1 ELSE -1 END,
              score = score + CASE WHEN $3 THEN -$2::int ELSE $2::int END,
              accepted_post_id = CASE WHEN $3 AND t.accepted_post_id = $4 THEN NULL
                                      WHEN NOT $3 AND $5 AND t.accepted_post_id IS NULL THEN $4::uuid
                                      ELSE t.accepted_post_id END,
              ${LATEST_VISIBLE_SET}
         FROM (SELECT NULL) AS one ${LATEST_VISIBLE_JOIN}
        WHERE t.id = $1
       RETURNING ${returningCounters('t')}`,
      [threadId, post.score, hidden, post.id, post.accepted],
    );
  }

  /** Adds `delta` to the thread's score (the sum of its visible replies' scores: callers skip hidden replies). */
  addScore(manager: EntityManager, threadId: string, delta: number): Promise<ThreadCounters> {
    return this.updateCounters(manager, `UPDATE threads SET score = score + $2 WHERE id = $1 RETURNING ${returningCounters()}`, [threadId, delta]);
  }

  /** Sets (or clears) the accepted answer. */
  setAcceptedPost(manager: EntityManager, threadId: string, postId: string | null): Promise<ThreadCounters> {
    return this.updateCounters(manager, `UPDATE threads SET accepted_post_id = $2 WHERE id = $1 RETURNING ${returningCounters()}`, [threadId, postId]);
  }

  private async updateCounters(manager: EntityManager, sql: string, params: unknown[]): Promise<ThreadCounters> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM
    const [rows]: [CounterRow[], number] = await manager.query(sql, params);
    if (!rows.length) throw new Error('thread row missing under its lock');
    return toCounters(rows[0]);
  }

  // ---------------------------------------------------------------- watchers

  async addWatcher(manager: EntityManager, threadId: string, userId: string): Promise<void> {
    await manager.query(`INSERT INTO thread_watchers (thread_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [threadId, userId]);
  }

  async removeWatcher(manager: EntityManager, threadId: string, userId: string): Promise<void> {
    await manager.query(`DELETE FROM thread_watchers WHERE thread_id = $1 AND user_id = $2`, [threadId, userId]);
  }

  /** Which of these threads the user watches. */
  async watchedAmong(userId: string, threadIds: readonly string[]): Promise<Set<string>> {
    const rows: { thread_id: string }[] = await this.dataSource.query(
      `SELECT thread_id FROM thread_watchers WHERE user_id = $1 AND thread_id = ANY($2::uuid[])`,
      [userId, threadIds],
    );
    return new Set(rows.map((r) => r.thread_id));
  }

  // ---------------------------------------------------------------- lists

  /**
   * `threads`: a keyset page of what the viewer may see (`AccessPolicy.contentPredicate`, the
   * SQL twin of `ThreadAccess.isVisibleTo`), filtered, in the requested order, each thread with
   * its author and topic (and what `options` asks for): one statement, which also counts the
   * whole list when `totalCount` is asked for (a second statement counts it only when the page
   * is empty, or when asked for later).
   */
  async list<N>(viewer: Viewer | null, args: ThreadsArgs, map: (row: ThreadWithRefs) => N, options: ThreadRefsOptions & { totalCount?: boolean } = {}): Promise<Connection<N>> {
    const first = pageSize(args);
    const visible = AccessPolicy.contentPredicate(viewer, 't');
    const where: string[] = [visible.sql];
    const params: Record<string, unknown> = { ...visible.params };
    const f = args.filter ?? {};
    if (f.topicId !== undefined && f.topicId !== null) {
      if (isUuid(f.topicId)) {
        where.push(`t.topic_id IN ${topicSubtreeSql('filterTopicId')}`);
        params.filterTopicId = f.topicId;
      } else where.push('FALSE');
    }
    if (f.kind) {
      where.push('t.kind = :filterKind');
      params.filterKind = f.kind;
    }
    if (f.unanswered === true) where.push(`t.kind = '${ThreadKind.QUESTION}' AND t.accepted_post_id IS NULL`);
    if (f.tag !== undefined && f.tag !== null) {
      // a tag that normalizes to nothing matches nothing (it never drops the filter)
      const tag = normalizeTag(f.tag);
      if (tag) {
        where.push('t.tags @> ARRAY[:filterTag]::text[]');
        params.filterTag = tag;
      } else where.push('FALSE');
    }
    if (f.authorId !== undefined && f.authorId !== null) {
      if (isUuid(f.authorId)) {
        where.push('t.author_id = :filterAuthor');
        params.filterAuthor = f.authorId;
      } else where.push('FALSE');
    }
    const keys = THREAD_ORDERS[args.orderBy ?? ThreadOrder.ACTIVITY];
    const filtered = where.map((w) => `(${w})`).join(' AND ');
    const countSql = `SELECT count(*)::int AS n FROM threads t WHERE ${filtered}`;
    let total: number | null = null;
    let rows: ThreadWithRefs[] = [];
    if (first > 0) {
      const after = keysetPredicate(keys, args.after);
      const refs = withRefsSql(options);
      // the count is an uncorrelated subquery: computed once, beside the page
      const raw = await this.query(
        `SELECT ${refs.columns}${options.totalCount ? `, (${countSql}) AS total_count` : ''}
           FROM threads t ${refs.joins}
          WHERE ${filtered}${after ? ` AND ${after.sql}` : ''}
          ORDER BY ${keysetOrderSql(keys)} LIMIT ${first + 1}`,
        { ...params, ...after?.params },
      );
      if (options.totalCount && raw.length) total = Number(raw[0].total_count);
      rows = raw.map((r) => withRefsFromRow(r, options));
    }
    const count = async (): Promise<number> => total ?? Number((await this.query(countSql, params))[0].n);
    return toConnection(rows, keys, first, count, map, args.after ?? null);
  }

  /** Runs SQL written with `:named` parameters through the pool. */
  private query(sql: string, params: Record<string, unknown>): Promise<any[]> {
    const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, params);
    return this.dataSource.query(text, values);
  }

  /**
   * Threads of each topic and its subtopics that the viewer may see, in one query for all the
   * topics (aligned with `topicIds`). The same predicate as `list`, so a topic's count is
   * exactly `threads(filter: {topicId}).totalCount`.
   */
  async countVisibleByTopics(viewer: Viewer | null, topicIds: readonly string[]): Promise<number[]> {
    const visible = AccessPolicy.contentPredicate(viewer, 't');
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `WITH RECURSIVE sub AS (
         SELECT id AS root, id FROM topics WHERE id = ANY(:topicIds::uuid[])
         UNION ALL SELECT sub.root, c.id FROM topics c JOIN sub ON c.parent_id = sub.id
       )
       SELECT sub.root AS topic_id, count(*)::int AS n FROM sub JOIN threads t ON t.topic_id = sub.id
        WHERE ${visible.sql} GROUP BY sub.root`,
      { ...visible.params, topicIds: [...topicIds] },
    );
    const rows: { topic_id: string; n: number }[] = await this.dataSource.query(sql, params);
    return byKey(topicIds, rows, (r) => r.topic_id).map((r) => Number(r?.n ?? 0));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Viewer } from '../../access/viewer';
import { prepared } from '../../platform/database/prepared';
import { entityColumns, entityFromRow } from '../../platform/database/raw-entity';
import { byKey, groupByKey } from '../../platform/graphql/loaders';
import type { UserSummary } from '../../outbox/room-events';
import { ThreadEntity } from '../threads/thread.entity';
import { ThreadCounters, ThreadsRepository } from '../threads/threads.repository';
import { PostRevisionEntity } from './post-revision.entity';
import { PostEntity, PostFields } from './post.entity';
import { User } from '../../identity/users/user.type';
import { userColumnsSql, userFromRow } from '../../identity/users/user-row';
import { ApprovedMembership, approvedMembershipFromRow, approvedMembershipSql } from '../../identity/organizations/memberships.service';
import { postVisibilityPredicate } from './post-visibility';

/** A reply row to insert, validated and rendered (API and demo seed share this path). */
export interface NewPostRow {
  threadId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  bodyHtml: string;
  language: string;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  /** Backdated creation (demo seed); default now(). */
  createdAt?: Date | null;
}

export type InsertedPost =
  | {
      entity: PostEntity;
      created: true;
      author: UserSummary;
      /** The thread's counters after the reply. */
      counters: ThreadCounters;
      /** Who watched the thread when the reply was stored, as Viewers read in the same statement. */
      watchers: Viewer[];
    }
  | { entity: PostEntity; created: false };

/** The columns `listedPostFromRow` reads, of replies `p`. */
const POST_COLUMNS = ['id', 'thread_id', 'author_id', 'parent_id', 'body', 'body_html', 'score', 'accepted', 'deleted', 'hidden', 'edit_count', 'created_at', 'edited_at']
  .map((c) => `p.${c}`)
  .join(', ');

/** A reply of a list, with its author and (signed-in viewers) the viewer's vote, read in the list's statement. */
export interface ListedPost extends PostFields {
  /** Null only if the account no longer exists. */
  author: User | null;
  /** 1, -1 or 0; undefined for an anonymous viewer. */
  viewerVote?: number;
  /** The author's approved membership (null: none), when asked for. */
  authorMembership?: ApprovedMembership | null;
}

function listedPostFromRow(r: Record<string, any>): ListedPost {
  return {
    id: r.id,
    threadId: r.thread_id,
    authorId: r.author_id,
    parentId: r.parent_id,
    body: r.body,
    bodyHtml: r.body_html,
    score: Number(r.score),
    accepted: r.accepted,
    deleted: r.deleted,
    hidden: r.hidden,
    editCount: Number(r.edit_count),
    createdAt: r.created_at,
    editedAt: r.edited_at,
    author: userFromRow(r, 'a_'),
    // one literal, every property always present (a conditional spread made each row a slow object)
    viewerVote: r.viewer_vote === undefined ? undefined : Number(r.viewer_vote),
    authorMembership: undefined,
  };
}

/**
 * The `posts`, `post_votes` and `post_revisions` tables: every SQL statement on them goes
 * through here, and so does a post's denormalized `score` and `accepted` flag, in the
 * transaction of the write. Thread counters are `ThreadsRepository`'s (its SQL); `setHidden`
 * changes them itself, in the same transaction, because whoever hides a reply changes what the
 * thread counts for members. Callers pass well-formed ids (`PostAccess` answers NOT_FOUND for
 * the others).
 */
@Injectable()
export class PostsRepository {
  private insertSql?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadsRepository,
  ) {}

  // ---------------------------------------------------------------- rows

  /**
   * Inserts a reply and records it in its thread's counters (`ThreadsRepository.recordReplySql`),
   * in one statement. With an idempotency key this author already used, inserts and changes
   * nothing and returns the existing row (`created: false`). A new row comes back with its author
   * as rooms show them, the thread's counters after it and the thread's watchers, all read in
   * that statement. Lock the thread first.
   */
  async insert(manager: EntityManager, p: NewPostRow): Promise<InsertedPost> {
    this.insertSql ??= `WITH inserted AS (
         INSERT INTO posts (thread_id, author_id, parent_id, body, body_html, language, idempotency_key, request_hash, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))
         ON CONFLICT (author_id, idempotency_key) DO NOTHING
         RETURNING ${entityColumns(manager, PostEntity)}
       ), recorded AS (
         ${this.threads.recordReplySql('inserted')}
       )
       SELECT inserted.*, a.handle AS author_handle, a.display_name AS author_display_name, recorded.*
         FROM inserted JOIN users a ON a.id = inserted.author_id LEFT JOIN recorded ON true`;
    const rows: Record<string, unknown>[] = await manager.query(prepared(this.insertSql), [
      p.threadId, p.authorId, p.parentId, p.body, p.bodyHtml, p.language, p.idempotencyKey ?? null, p.requestHash ?? null, p.createdAt ?? null,
    ]);
    if (!rows.length) {
      const repo = manager.getRepository(PostEntity);
      return { entity: await repo.findOneOrFail({ where: { authorId: p.authorId, idempotencyKey: p.idempotencyKey ?? '' } }), created: false };
    }
    const row = rows[0];
    const entity = entityFromRow(manager, PostEntity, row);
    const { counters, watchers } = this.threads.replyRecorded(row);
    return {
      entity,
      created: true,
      author: { id: entity.authorId, handle: row.author_handle as string, displayName: row.author_display_name as string },
      counters,
      watchers,
    };
  }

  findById(id: string, manager?: EntityManager): Promise<PostEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(PostEntity).findOne({ where: { id } });
  }

  findByIds(ids: readonly string[]): Promise<PostEntity[]> {
    return this.dataSource.getRepository(PostEntity).find({ where: { id: In([...ids]) } });
  }

  /** The author's reply created with this idempotency key, if any. */
  findByIdempotencyKey(manager: EntityManager, authorId: string, key: string): Promise<PostEntity | null> {
    return manager.getRepository(PostEntity).findOne({ where: { authorId, idempotencyKey: key } });
  }

  /** The thread of a post (null when there is no such post), read without a lock. */
  async threadIdOf(manager: EntityManager, postId: string): Promise<string | null> {
    const rows: { thread_id: string }[] = await manager.query(`SELECT thread_id FROM posts WHERE id = $1`, [postId]);
    return rows[0]?.thread_id ?? null;
  }

  /** Reads and locks the row for a write (FOR NO KEY UPDATE). Lock its thread first. */
  lock(manager: EntityManager, id: string): Promise<PostEntity | null> {
    return manager.getRepository(PostEntity).createQueryBuilder('p').setLock('for_no_key_update').where('p.id = :id', { id }).getOne();
  }

  /**
   * Moderation hides or shows a reply (not an edit: editedAt stays); the row after. Its thread's
   * counters follow in the same transaction (`ThreadsRepository.recordReplyHiddenChanged`: the
   * visible and hidden counts, the score, the last activity and poster, whether an accepted
   * answer answers the thread); a deleted reply counts
   * nowhere, so only its flag changes. Call it with the thread and the post locked (`PostAccess.lockForWrite`).
   */
  async setHidden(manager: EntityManager, id: string, hidden: boolean): Promise<PostEntity> {
    const repo = manager.getRepository(PostEntity);
    const before = await repo.findOneOrFail({ where: { id } });
    if (before.hidden === hidden) return before;
    await repo.update({ id }, { hidden });
    if (!before.deleted) await this.threads.recordReplyHiddenChanged(manager, before.threadId, before, hidden);
    return repo.findOneOrFail({ where: { id } });
  }

  /**
   * Replaces the body, keeping the replaced text as revision `editCount + 1`; editedAt is the
   * transaction's time. Returns the row after.
   */
  async edit(manager: EntityManager, post: PostEntity, change: { body: string; bodyHtml: string; editorId: string }): Promise<PostEntity> {
    await this.keepRevision(manager, post, change.editorId);
    await manager.query(`UPDATE posts SET body = $2, body_html = $3, edit_count = edit_count + 1, edited_at = now() WHERE id = $1`, [post.id, change.body, change.bodyHtml]);
    return manager.getRepository(PostEntity).findOneOrFail({ where: { id: post.id } });
  }

  /**
   * Soft delete: the row stays, deleted, with an empty body and no longer accepted; the last
   * text is kept as a revision. Returns the row after.
   */
  async softDelete(manager: EntityManager, post: PostEntity, editorId: string): Promise<PostEntity> {
    await this.keepRevision(manager, post, editorId);
    await manager.query(
      `UPDATE posts SET deleted = true, deleted_at = now(), body = '', body_html = '', accepted = false, edit_count = edit_count + 1 WHERE id = $1`,
      [post.id],
    );
    return manager.getRepository(PostEntity).findOneOrFail({ where: { id: post.id } });
  }

  /** Stores the current text as the next revision, replaced now (the transaction's time). */
  private async keepRevision(manager: EntityManager, post: PostEntity, editorId: string): Promise<void> {
    await manager.query(
      `INSERT INTO post_revisions (post_id, version, body, created_at, edited_at, editor_id) VALUES ($1, $2, $3, $4, now(), $5)`,
      [post.id, post.editCount + 1, post.body, post.editedAt ?? post.createdAt, editorId],
    );
  }

  /** Earlier versions of these posts, oldest first. */
  revisionsOf(postIds: readonly string[]): Promise<PostRevisionEntity[]> {
    return this.dataSource.getRepository(PostRevisionEntity).find({ where: { postId: In([...postIds]) }, order: { version: 'ASC' } });
  }

  // ---------------------------------------------------------------- score, votes, accepted

  /** Adds `delta` to the post's score; returns the score after. */
  async addScore(manager: EntityManager, postId: string, delta: number): Promise<number> {
    // UPDATE … RETURNING answers [rows, affected] through TypeORM
    const [rows]: [{ score: number }[], number] = await manager.query(`UPDATE posts SET score = score + $2 WHERE id = $1 RETURNING score`, [postId, delta]);
    return Number(rows[0].score);
  }

  /** The user's vote on the post: 1, -1, or 0 (none). Read under the post's lock. */
  async voteOf(manager: EntityManager, postId: string, userId: string): Promise<number> {
    const rows: { value: number }[] = await manager.query(`SELECT value FROM post_votes WHERE post_id = $1 AND user_id = $2`, [postId, userId]);
    return Number(rows[0]?.value ?? 0);
  }

  /** Sets the user's vote (1 or -1, replacing an earlier one), or clears it (0). Scores are the caller's. */
  async setVote(manager: EntityManager, postId: string, userId: string, value: number): Promise<void> {
    if (value === 0) {
      await manager.query(`DELETE FROM post_votes WHERE post_id = $1 AND user_id = $2`, [postId, userId]);
      return;
    }
    await manager.query(
      `INSERT INTO post_votes (post_id, user_id, value) VALUES ($1, $2, $3) ON CONFLICT (post_id, user_id) DO UPDATE SET value = EXCLUDED.value, created_at = now()`,
      [postId, userId, value],
    );
  }

  /** Adds a vote unless the user already voted on the post (demo data); whether it was added. */
  async addVoteIfAbsent(manager: EntityManager, postId: string, userId: string, value: number): Promise<boolean> {
    const added: unknown[] = await manager.query(
      `INSERT INTO post_votes (post_id, user_id, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING post_id`,
      [postId, userId, value],
    );
    return added.length > 0;
  }

  /** How many up- and downvotes the post has (read under the post's lock: reputation takes them back when an answer is deleted). */
  async voteTally(manager: EntityManager, postId: string): Promise<{ up: number; down: number }> {
    const rows: { up: number; down: number }[] = await manager.query(
      `SELECT count(*) FILTER (WHERE value > 0)::int AS up, count(*) FILTER (WHERE value < 0)::int AS down FROM post_votes WHERE post_id = $1`,
      [postId],
    );
    return { up: Number(rows[0]?.up ?? 0), down: Number(rows[0]?.down ?? 0) };
  }

  /** The user's votes on these posts (absent: no vote). */
  async votesOf(userId: string, postIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { post_id: string; value: number }[] = await this.dataSource.query(
      `SELECT post_id, value FROM post_votes WHERE user_id = $1 AND post_id = ANY($2::uuid[])`,
      [userId, postIds],
    );
    return new Map(rows.map((r) => [r.post_id, Number(r.value)]));
  }

  /** Makes `postId` the one accepted reply of its thread (an earlier one stops being accepted). */
  async markAccepted(manager: EntityManager, threadId: string, postId: string): Promise<void> {
    await manager.query(`UPDATE posts SET accepted = (id = $2) WHERE thread_id = $1 AND (accepted OR id = $2)`, [threadId, postId]);
  }

  // ---------------------------------------------------------------- lists

  /**
   * Up to `limit` replies per thread that the viewer may see (tombstones included), oldest
   * first, after the cursor, each with its author and, for a signed-in viewer, the viewer's
   * vote: one statement for every thread of the request (a lateral page per thread), without
   * entity hydration.
   */
  async pages(viewer: Viewer | null, threadIds: readonly string[], limit: number, after: [string, string] | null, options: { authorOrganization?: boolean } = {}): Promise<ListedPost[][]> {
    const p = postVisibilityPredicate(viewer);
    const approved = options.authorOrganization ? approvedMembershipSql('a', 'a_') : null;
    const keyset = after ? 'AND (p.created_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)' : '';
    const vote = viewer ? { select: 'coalesce(pv.value, 0)::int AS viewer_vote', join: 'LEFT JOIN post_votes pv ON pv.post_id = p.id AND pv.user_id = :voter' } : null;
    const [sql, params] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT ${POST_COLUMNS}, ${userColumnsSql('a', 'a_')}${vote ? `, ${vote.select}` : ''}${approved ? `, ${approved.columns}` : ''}
         FROM threads t
        CROSS JOIN LATERAL (SELECT p.* FROM posts p WHERE p.thread_id = t.id AND ${p.sql} ${keyset}
                             ORDER BY p.created_at, p.id LIMIT :pageLimit) p
         LEFT JOIN users a ON a.id = p.author_id
         ${vote ? vote.join : ''}
         ${approved ? approved.joins : ''}
        WHERE t.id = ANY(:pageIds::uuid[])
        ORDER BY p.created_at, p.id`,
      { ...p.params, pageIds: [...threadIds], pageLimit: limit, afterAt: after?.[0], afterId: after?.[1], voter: viewer?.id },
    );
    const rows: Record<string, any>[] = await this.dataSource.query(sql, params);
    const listed = rows.map((r) => {
      const post = listedPostFromRow(r);
      if (approved && post.author) post.authorMembership = approvedMembershipFromRow(r, post.author.id, 'a_');
      return post;
    });
    return groupByKey(threadIds, listed, (r) => r.threadId);
  }

  /** How many replies of each thread the viewer may see (tombstones included), in one query. */
  async countVisible(viewer: Viewer | null, threadIds: readonly string[]): Promise<number[]> {
    const p = postVisibilityPredicate(viewer);
    const counted: { thread_id: string; n: number }[] = await this.dataSource
      .createQueryBuilder()
      .select('p.thread_id', 'thread_id')
      .addSelect('count(*)::int', 'n')
      .from(PostEntity, 'p')
      .innerJoin(ThreadEntity, 't', 't.id = p.thread_id')
      .where('p.thread_id = ANY(:ids::uuid[])', { ids: [...threadIds] })
      .andWhere(p.sql, p.params)
      .groupBy('p.thread_id')
      .getRawMany();
    return byKey(threadIds, counted, (r) => r.thread_id).map((r) => Number(r?.n ?? 0));
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { isStaff } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError, LockedError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/errors/pg-errors';
import { byKey, groupByKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection, ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, pageSize, toConnection } from '../../platform/graphql/pagination/keyset';
import { rooms, RoomEventsService } from '../../outbox/room-events.service';
import { renderMarkdown } from '../content/markdown';
import { idempotentCreate } from '../content/idempotent-create';
import { requestHash } from '../content/request-hash';
import { ForumNotifier } from '../threads/forum-notifier.service';
import { ThreadEntity } from '../threads/thread.entity';
import { Thread } from '../threads/thread.type';
import { ThreadAccess, ThreadAccessFields } from '../threads/thread-access.service';
import { checkBody } from '../threads/threads.service';
import { PostReplyInput } from './dto/post-reply.input';
import { PostRevisionEntity } from './post-revision.entity';
import { PostEntity } from './post.entity';
import { Post, PostRevision } from './post.type';

/** A reply to insert, validated (API and demo seed share this path). */
export interface NewPost {
  threadId: string;
  authorId: string;
  parentId: string | null;
  body: string;
  language: string;
  idempotencyKey?: string | null;
  requestHash?: string | null;
  createdAt?: Date | null;
}

/** Cursor of a post list: [createdAt ISO, id], validated before it reaches SQL. */
function decodePostCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || !Number.isFinite(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}T/.test(at) || !isUuid(id)) {
    throw new BadInputError('The cursor is not valid for this list.', 'after');
  }
  return [at, id as string];
}

const POST_ORDER: KeysetKey<PostEntity>[] = [
  { expression: 'p.created_at', direction: 'ASC', value: (r) => r.createdAt, cast: 'timestamptz' },
  { expression: 'p.id', direction: 'ASC', value: (r) => r.id, cast: 'uuid' },
];

/** Replies: posting (with counters), editing with revisions, soft delete, reading. */
@Injectable()
export class PostsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: ThreadAccess,
    private readonly roomEvents: RoomEventsService,
    private readonly notifier: ForumNotifier,
  ) {}

  /**
   * The one rule for a post: `AccessPolicy.canViewContent` with its thread's visibility, hidden
   * when the post or its thread is hidden. Deleted posts stay visible as tombstones.
   */
  isVisibleIn(viewer: Viewer | null | undefined, thread: ThreadAccessFields, post: Pick<PostEntity, 'hidden'>): boolean {
    return AccessPolicy.canViewContent(viewer, {
      visibilityScope: thread.visibilityScope,
      visibilitySectors: thread.visibilitySectors,
      authorId: thread.authorId,
      hidden: thread.hidden || post.hidden,
    });
  }

  /** SQL twin of `isVisibleIn` for posts `p` joined to their thread `t`. */
  private postPredicate(viewer: Viewer | null) {
    return AccessPolicy.contentPredicate(viewer, 'p', {
      scope: 't.visibility_scope',
      sectors: 't.visibility_sectors',
      author: 't.author_id',
      hidden: '(t.hidden OR p.hidden)',
    });
  }

  // ---------------------------------------------------------------- write

  async reply(viewer: Viewer, input: PostReplyInput): Promise<Post> {
    const body = checkBody(input.body);
    const parentId = input.parentId ?? null;
    if (parentId !== null && !isUuid(parentId)) throw new NotFoundError('The parent post');
    const key = input.idempotencyKey ?? null;
    const hash = key === null ? null : requestHash({ threadId: input.threadId, body, parentId });
    return idempotentCreate<PostEntity, Post>(this.dataSource, {
      key,
      hash,
      subject: 'The post',
      findExisting: (m) => m.getRepository(PostEntity).findOne({ where: { authorId: viewer.id, idempotencyKey: key ?? '' } }),
      create: async (manager) => {
        const thread = await this.threads.lockVisible(manager, viewer, input.threadId);
        if (thread.locked && !isStaff(viewer.role)) throw new LockedError('This thread is locked: it takes no new replies.');
        let parentAuthorId: string | null = null;
        if (parentId !== null) {
          const parent = await manager.getRepository(PostEntity).findOne({ where: { id: parentId } });
          if (!parent || parent.deleted) throw new NotFoundError('The parent post');
          if (parent.threadId !== thread.id) {
            // a post of a thread the viewer may not see does not exist for them
            if (!(await this.threads.canView(viewer, parent.threadId, manager))) throw new NotFoundError('The parent post');
            throw new BadInputError('parentId must be a post of the same thread.', 'parentId');
          }
          if (!this.isVisibleIn(viewer, thread, parent)) throw new NotFoundError('The parent post');
          parentAuthorId = parent.authorId;
        }
        const { entity, created } = await this.insertPost(manager, {
          threadId: thread.id,
          authorId: viewer.id,
          parentId,
          body,
          language: thread.language,
          idempotencyKey: key,
          requestHash: hash,
        });
        if (!created) return { entity, created };
        await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.created', { postId: entity.id, threadId: thread.id, parentId, authorId: viewer.id });
        await this.notifier.reply(manager, { threadId: thread.id, postId: entity.id, parentAuthorId, actorId: viewer.id });
        await this.notifier.mentions(manager, { body, actorId: viewer.id, threadId: thread.id, postId: entity.id });
        return { entity, created, result: Post.fromEntity(entity) };
      },
      // same semantics as createThread's replay: the thread (and the post) must still be visible
      stillVisible: async (manager, e) => {
        const thread = await manager.getRepository(ThreadEntity).findOne({ where: { id: e.threadId } });
        return thread !== null && this.isVisibleIn(viewer, thread, e);
      },
      present: Post.fromEntity,
    });
  }

  /**
   * Inserts a reply and updates its thread's counters (postCount, lastActivityAt, last poster)
   * with one atomic UPDATE in the caller's transaction. An idempotency key already used by
   * this author inserts nothing and returns the existing row (`created: false`).
   */
  async insertPost(manager: EntityManager, p: NewPost): Promise<{ entity: PostEntity; created: boolean }> {
    const inserted: { id: string; created_at: Date }[] = await manager.query(
      `INSERT INTO posts (thread_id, author_id, parent_id, body, body_html, language, idempotency_key, request_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))
       ON CONFLICT (author_id, idempotency_key) DO NOTHING
       RETURNING id, created_at`,
      [p.threadId, p.authorId, p.parentId, p.body, renderMarkdown(p.body), p.language, p.idempotencyKey ?? null, p.requestHash ?? null, p.createdAt ?? null],
    );
    const repo = manager.getRepository(PostEntity);
    if (!inserted.length) {
      return { entity: await repo.findOneOrFail({ where: { authorId: p.authorId, idempotencyKey: p.idempotencyKey ?? '' } }), created: false };
    }
    await manager.query(
      `UPDATE threads SET post_count = post_count + 1, last_activity_at = greatest(last_activity_at, $2), last_poster_id = $3 WHERE id = $1`,
      [p.threadId, inserted[0].created_at, p.authorId],
    );
    return { entity: await repo.findOneOrFail({ where: { id: inserted[0].id } }), created: true };
  }

  /** Author, MODERATOR or ADMIN. The replaced text is kept as a revision. */
  async edit(viewer: Viewer, postId: string, rawBody: string): Promise<Post> {
    const body = checkBody(rawBody);
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.lockForWrite(manager, viewer, postId);
      const staff = isStaff(viewer.role);
      if (post.authorId !== viewer.id && !staff) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may edit this post.');
      if (thread.locked && !staff) throw new LockedError();
      if (body === post.body) return Post.fromEntity(post);
      const [{ now }] = await manager.query(`SELECT now() AS now`);
      await this.keepRevision(manager, post, viewer.id, new Date(now));
      await manager.getRepository(PostEntity).update({ id: post.id }, { body, bodyHtml: renderMarkdown(body), editCount: post.editCount + 1, editedAt: new Date(now) });
      await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.updated', { postId: post.id, threadId: thread.id, fields: ['body', 'editedAt'] });
      await this.notifier.mentions(manager, { body, previousBody: post.body, actorId: viewer.id, threadId: thread.id, postId: post.id });
      return Post.fromEntity(await manager.getRepository(PostEntity).findOneOrFail({ where: { id: post.id } }));
    });
  }

  /**
   * Soft delete by the author, a MODERATOR or an ADMIN: the row stays (deleted, empty body for
   * everyone; the last text is kept as a revision for staff), the thread's postCount and score
   * drop, and an accepted answer stops being accepted. Deleting again returns the post.
   */
  async delete(viewer: Viewer, postId: string): Promise<Post> {
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.lockForWrite(manager, viewer, postId, true);
      if (post.authorId !== viewer.id && !isStaff(viewer.role)) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may delete this post.');
      if (post.deleted) return Post.fromEntity(post);
      const [{ now }] = await manager.query(`SELECT now() AS now`);
      await this.keepRevision(manager, post, viewer.id, new Date(now));
      await manager.query(
        `UPDATE posts SET deleted = true, deleted_at = $2, body = '', body_html = '', accepted = false, edit_count = edit_count + 1 WHERE id = $1`,
        [post.id, new Date(now)],
      );
      // counters stay exact, and the latest remaining reply (not the deleted one) is the last poster
      await manager.query(
        `UPDATE threads t SET post_count = post_count - 1, score = score - $2,
                accepted_post_id = CASE WHEN accepted_post_id = $3 THEN NULL ELSE accepted_post_id END,
                last_poster_id = latest.author_id,
                last_activity_at = greatest(t.created_at, coalesce(latest.created_at, t.created_at))
           FROM (SELECT NULL) AS one
           LEFT JOIN LATERAL (SELECT p.author_id, p.created_at FROM posts p WHERE p.thread_id = $1 AND NOT p.deleted
                               ORDER BY p.created_at DESC, p.id DESC LIMIT 1) latest ON true
          WHERE t.id = $1`,
        [thread.id, post.score, post.id],
      );
      await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.deleted', { postId: post.id, threadId: thread.id });
      const fields = ['postCount', 'score', 'lastActivityAt', 'lastPoster'];
      if (thread.acceptedPostId === post.id) fields.push('acceptedAnswer', 'answered');
      await this.roomEvents.append(manager, rooms.thread(thread.id), 'thread.updated', { threadId: thread.id, fields });
      return Post.fromEntity(await manager.getRepository(PostEntity).findOneOrFail({ where: { id: post.id } }));
    });
  }

  /**
   * Locks the post's thread, then the post (the order every forum write uses). NOT_FOUND when
   * the post is missing, hidden from the viewer, in a thread they may not see, or deleted
   * (unless `allowDeleted`).
   */
  async lockForWrite(manager: EntityManager, viewer: Viewer, postId: string, allowDeleted = false): Promise<{ post: PostEntity; thread: ThreadEntity }> {
    if (!isUuid(postId)) throw new NotFoundError('The post');
    const found: { thread_id: string }[] = await manager.query(`SELECT thread_id FROM posts WHERE id = $1`, [postId]);
    if (!found.length) throw new NotFoundError('The post');
    let thread: ThreadEntity;
    try {
      thread = await this.threads.lockVisible(manager, viewer, found[0].thread_id);
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError('The post');
      throw err;
    }
    const post = await manager.getRepository(PostEntity).createQueryBuilder('p').setLock('for_no_key_update').where('p.id = :id', { id: postId }).getOne();
    if (!post || !this.isVisibleIn(viewer, thread, post) || (post.deleted && !allowDeleted)) throw new NotFoundError('The post');
    return { post, thread };
  }

  private async keepRevision(manager: EntityManager, post: PostEntity, editorId: string, at: Date): Promise<void> {
    await manager.getRepository(PostRevisionEntity).insert({
      postId: post.id,
      version: post.editCount + 1,
      body: post.body,
      createdAt: post.editedAt ?? post.createdAt,
      editedAt: at,
      editorId,
    });
  }

  // ---------------------------------------------------------------- read

  /**
   * A thread's replies, oldest first: deleted ones stay as tombstones for everyone, hidden ones
   * for MODERATOR and ADMIN only. Batched: one query per page for every thread of the request
   * (row_number() per thread), one for their totalCounts when asked.
   */
  async listForThread(loaders: LoaderRegistry, viewer: Viewer | null, thread: Thread, args: ConnectionArgs): Promise<Connection<Post>> {
    const first = pageSize(args);
    const after = args.after ? decodePostCursor(args.after) : null;
    const rows =
      first === 0
        ? []
        : await loaders
            .get<string, PostEntity[]>(`post.page:${first}:${args.after ?? ''}`, (ids) => this.pages(viewer, ids, first + 1, after))
            .load(thread.id);
    const count = () =>
      loaders
        .get<string, number>('post.count', async (ids) => {
          const p = this.postPredicate(viewer);
          const qb = this.dataSource
            .createQueryBuilder()
            .select('p.thread_id', 'thread_id')
            .addSelect('count(*)::int', 'n')
            .from(PostEntity, 'p')
            .innerJoin(ThreadEntity, 't', 't.id = p.thread_id')
            .where('p.thread_id = ANY(:ids::uuid[])', { ids })
            .andWhere(p.sql, p.params)
            .groupBy('p.thread_id');
          const counted: { thread_id: string; n: number }[] = await qb.getRawMany();
          return byKey(ids, counted, (r) => r.thread_id).map((r) => Number(r?.n ?? 0));
        })
        .load(thread.id);
    return toConnection(rows, POST_ORDER, first, count, Post.fromEntity);
  }

  /** Up to `limit` visible posts per thread after the cursor, in one query. */
  private async pages(viewer: Viewer | null, ids: readonly string[], limit: number, after: [string, string] | null): Promise<PostEntity[][]> {
    const p = this.postPredicate(viewer);
    const keyset = after ? 'AND (p.created_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)' : '';
    const rows = await this.dataSource
      .getRepository(PostEntity)
      .createQueryBuilder('post')
      .where(
        `post.id IN (SELECT w.id FROM (
           SELECT p.id, row_number() OVER (PARTITION BY p.thread_id ORDER BY p.created_at, p.id) AS rn
             FROM posts p JOIN threads t ON t.id = p.thread_id
            WHERE p.thread_id = ANY(:pageIds::uuid[]) AND ${p.sql} ${keyset}) w WHERE w.rn <= :pageLimit)`,
        { ...p.params, pageIds: [...ids], pageLimit: limit, afterAt: after?.[0], afterId: after?.[1] },
      )
      .orderBy('post.created_at', 'ASC')
      .addOrderBy('post.id', 'ASC')
      .getMany();
    return groupByKey(ids, rows, (r) => r.threadId);
  }

  /** Batched raw lookup (no access check). */
  load(loaders: LoaderRegistry, id: string): Promise<PostEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return loaders
      .get<string, PostEntity | null>('post.byId', async (ids) => {
        const rows = await this.dataSource.getRepository(PostEntity).find({ where: { id: In([...ids]) } });
        return byKey(ids, rows, (r) => r.id);
      })
      .load(id);
  }

  /** A post (parent, accepted answer): null when the viewer may not see it (batched with its thread). */
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<Post | null> {
    const e = await this.load(loaders, id);
    if (!e) return null;
    const thread = await this.threads.load(loaders, e.threadId);
    return thread && this.isVisibleIn(viewer, thread, e) ? Post.fromEntity(e) : null;
  }

  /** Earlier versions, oldest first. Those of a deleted post are shown to MODERATOR and ADMIN only. */
  async revisions(loaders: LoaderRegistry, viewer: Viewer | null, post: Post): Promise<PostRevision[]> {
    if (post.editCount === 0 || (post.deleted && !AccessPolicy.canSeeHidden(viewer))) return [];
    return loaders
      .get<string, PostRevision[]>('post.revisions', async (ids) => {
        const rows = await this.dataSource.getRepository(PostRevisionEntity).find({ where: { postId: In([...ids]) }, order: { version: 'ASC' } });
        return groupByKey(ids, rows, (r) => r.postId).map((list) => list.map(PostRevision.fromEntity));
      })
      .load(post.id);
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError, LockedError, NotFoundError, EmailNotVerifiedError } from '../../platform/errors/domain-errors';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { groupByKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { Connection, ConnectionArgs } from '../../platform/graphql/pagination/connection.types';
import { decodeCursor, KeysetKey, pageSize, toConnection } from '../../platform/graphql/pagination/keyset';
import { isUuid } from '../../platform/validation/uuid';
import { idempotentCreate } from '../content/idempotent-create';
import { renderMarkdown } from '../content/markdown';
import { requestHash } from '../content/request-hash';
import { Thread } from '../threads/thread.type';
import { ThreadAccess } from '../threads/thread-access.service';
import { PostingLimits } from '../threads/posting-limits.service';
import { ThreadWriteQueue } from '../threads/thread-write-queue';
import { ThreadsRepository } from '../threads/threads.repository';
import { checkBody } from '../threads/threads.service';
import { PostReplyInput } from './dto/post-reply.input';
import { PostAccess } from './post-access.service';
import { PostEntity, PostFields } from './post.entity';
import { Post, PostRevision } from './post.type';
import { InsertedPost, ListedPost, NewPostRow, PostsRepository } from './posts.repository';
import { VotesService } from './votes.service';
import { setReadAhead } from '../../platform/graphql/read-ahead';
import { UsersService } from '../../identity/users/users.service';
import { MembershipsService } from '../../identity/organizations/memberships.service';

/** A reply to insert, validated (API and demo seed share this path); rendered on insert. */
export type NewPost = Omit<NewPostRow, 'bodyHtml'>;

/** Cursor of a post list: [createdAt ISO, id], validated before it reaches SQL. */
function decodePostCursor(cursor: string): [string, string] {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || !Number.isFinite(Date.parse(at)) || !/^\d{4}-\d{2}-\d{2}T/.test(at) || !isUuid(id)) {
    throw new BadInputError('The cursor is not valid for this list.', 'after');
  }
  return [at, id as string];
}

const POST_ORDER: KeysetKey<PostFields>[] = [
  { expression: 'p.created_at', direction: 'ASC', value: (r) => r.createdAt, cast: 'timestamptz' },
  { expression: 'p.id', direction: 'ASC', value: (r) => r.id, cast: 'uuid' },
];

/**
 * Replies: posting (with the thread's counters), editing with revisions, soft delete, reading.
 * Fetch-and-check is `PostAccess`'s; SQL is the repositories'; side effects (room events,
 * notifications) hang on the domain events emitted here.
 */
@Injectable()
export class PostsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsRepository,
    private readonly threadRows: ThreadsRepository,
    private readonly threads: ThreadAccess,
    private readonly access: PostAccess,
    private readonly events: DomainEventBus,
    private readonly limits: PostingLimits,
    private readonly votes: VotesService,
    private readonly users: UsersService,
    private readonly memberships: MembershipsService,
    private readonly queue: ThreadWriteQueue,
  ) {}

  // ---------------------------------------------------------------- write

  async reply(viewer: Viewer, input: PostReplyInput): Promise<Post> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    const body = checkBody(input.body);
    const parentId = input.parentId ?? null;
    if (!isUuid(input.threadId)) throw new NotFoundError('The thread');
    if (parentId !== null && !isUuid(parentId)) throw new NotFoundError('The parent post');
    const key = input.idempotencyKey ?? null;
    const hash = key === null ? null : requestHash({ threadId: input.threadId, body, parentId });
    return idempotentCreate<PostEntity, Post>(this.dataSource, {
      key,
      hash,
      subject: 'The post',
      findExisting: (m) => this.posts.findByIdempotencyKey(m, viewer.id, key ?? ''),
      claim: () => this.limits.claimPost(viewer, body, key),
      create: async (manager) => {
        const thread = await this.threads.lockVisible(manager, viewer, input.threadId);
        if (thread.locked && !RecordRules.canWriteWhenLocked(viewer, thread)) throw new LockedError('This thread is locked: it takes no new replies.');
        const parent = parentId === null ? null : await this.access.loadParent(manager, viewer, thread, parentId);
        const inserted = await this.insertPost(manager, {
          threadId: thread.id,
          authorId: viewer.id,
          parentId,
          body,
          language: thread.language,
          idempotencyKey: key,
          requestHash: hash,
        });
        if (!inserted.created) return { entity: inserted.entity, created: false };
        const { entity, author, counters, watchers } = inserted;
        Object.assign(thread, counters);
        await this.events.emit(manager, 'post.created', { post: entity, thread, parentAuthorId: parent?.authorId ?? null, author, actorId: viewer.id, watchers });
        return { entity, created: true, result: Post.fromEntity(entity) };
      },
      // same semantics as createThread's replay: the thread (and the post) must still be visible
      stillVisible: (manager, e) => this.access.isStillVisible(manager, viewer, e),
      present: Post.fromEntity,
      turn: (create) => this.queue.inTurn(input.threadId, viewer.id, create),
    });
  }

  /**
   * Inserts a reply and updates its thread's counters (postCount, lastActivityAt, last poster)
   * in the caller's transaction, in one statement; emits nothing (the demo seed uses it too). An
   * idempotency key already used by this author inserts nothing and returns the existing row
   * (`created: false`).
   */
  insertPost(manager: EntityManager, p: NewPost): Promise<InsertedPost> {
    return this.posts.insert(manager, { ...p, bodyHtml: renderMarkdown(p.body) });
  }

  /** Author, MODERATOR or ADMIN. The replaced text is kept as a revision. */
  async edit(viewer: Viewer, postId: string, rawBody: string): Promise<Post> {
    const body = checkBody(rawBody);
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.access.lockForWrite(manager, viewer, postId);
      if (!RecordRules.canEditContent(viewer, { authorId: post.authorId, topicId: thread.topicId })) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may edit this post.');
      if (thread.locked && !RecordRules.canWriteWhenLocked(viewer, thread)) throw new LockedError();
      if (body === post.body) return Post.fromEntity(post);
      const edited = await this.posts.edit(manager, post, { body, bodyHtml: renderMarkdown(body), editorId: viewer.id });
      await this.events.emit(manager, 'post.edited', { post: edited, thread, previousBody: post.body, actorId: viewer.id });
      return Post.fromEntity(edited);
    });
  }

  /**
   * Soft delete by the author, a MODERATOR or an ADMIN: the row stays (deleted, empty body for
   * everyone; the last text is kept as a revision for staff), the thread's postCount and score
   * drop, and an accepted answer stops being accepted. Deleting again returns the post.
   */
  async delete(viewer: Viewer, postId: string): Promise<Post> {
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.access.lockForWrite(manager, viewer, postId, { allowDeleted: true });
      if (!RecordRules.canEditContent(viewer, { authorId: post.authorId, topicId: thread.topicId })) throw new ForbiddenError('Only the author, a MODERATOR or an ADMIN may delete this post.');
      if (post.deleted) return Post.fromEntity(post);
      const wasAccepted = thread.acceptedPostId === post.id;
      const deleted = await this.posts.softDelete(manager, post, viewer.id);
      // counters stay exact, and the latest remaining reply (not the deleted one) is the last poster
      Object.assign(thread, await this.threadRows.recordReplyDeleted(manager, thread.id, post));
      await this.events.emit(manager, 'post.deleted', { post: deleted, thread, wasAccepted, actorId: viewer.id });
      return Post.fromEntity(deleted);
    });
  }

  // ---------------------------------------------------------------- read

  /**
   * A thread's replies, oldest first: deleted ones stay as tombstones for everyone, hidden ones
   * for MODERATOR and ADMIN only. Batched: one query per page for every thread of the request,
   * one for their totalCounts when asked.
   */
  async listForThread(
    loaders: LoaderRegistry,
    viewer: Viewer | null,
    thread: Thread,
    args: ConnectionArgs,
    read: { authorOrganization?: boolean } = {},
  ): Promise<Connection<Post>> {
    const first = pageSize(args);
    const after = args.after ? decodePostCursor(args.after) : null;
    const org = read.authorOrganization === true;
    const rows =
      first === 0
        ? []
        : await loaders
            .get<string, ListedPost[]>(`post.page:${first}:${args.after ?? ''}:${org}`, (ids) => this.posts.pages(viewer, ids, first + 1, after, { authorOrganization: org }))
            .load(thread.id);
    const count = () => loaders.get<string, number>('post.count', (ids) => this.posts.countVisible(viewer, ids)).load(thread.id);
    return toConnection(rows, POST_ORDER, first, count, (row) => this.present(loaders, viewer, row));
  }

  /**
   * A reply of a list: its author (with their organization, when read) and the viewer's vote,
   * read with it, go to the request's
   * loaders, so that `Post.author` (still subject to the tombstone rule) and `Post.viewerVote`
   * cost no statement.
   */
  private present(loaders: LoaderRegistry, viewer: Viewer | null, row: ListedPost): Post {
    if (row.author) {
      this.users.prime(loaders, row.author);
      if (row.authorMembership !== undefined) this.memberships.primeApproved(loaders, row.author, row.authorMembership);
    }
    if (viewer && row.viewerVote !== undefined) this.votes.primeViewerVote(loaders, viewer, row.id, row.viewerVote);
    const post = Post.fromEntity(row);
    // what Post.viewerVote and (not for a tombstone, whose author depends on who asks) Post.author would answer
    const viewerVote = viewer ? (row.viewerVote ?? 0) : 0;
    setReadAhead(post, row.deleted ? { viewerVote } : { viewerVote, author: row.author });
    return post;
  }

  /** Earlier versions, oldest first. Those of a deleted post are shown to MODERATOR and ADMIN only (a topic-limited MODERATOR: in their topics). */
  async revisions(loaders: LoaderRegistry, viewer: Viewer | null, post: Post): Promise<PostRevision[]> {
    if (post.editCount === 0 || (post.deleted && !(await this.access.canSeeModerated(loaders, viewer, post)))) return [];
    return loaders
      .get<string, PostRevision[]>('post.revisions', async (ids) =>
        groupByKey(ids, await this.posts.revisionsOf(ids), (r) => r.postId).map((list) => list.map(PostRevision.fromEntity)),
      )
      .load(post.id);
  }
}

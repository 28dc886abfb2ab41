import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessPolicy, SqlPredicate } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { NotFoundError } from '../../platform/errors/domain-errors';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { isUuid } from '../../platform/validation/uuid';
import { ThreadEntity, ThreadFields } from './thread.entity';
import { Thread } from './thread.type';
import { NodeLoader } from '../../platform/graphql/node-loaders';
import { ThreadRefsOptions, ThreadsRepository, ThreadWithRefs } from './threads.repository';

/** What the access rules of a thread look at. */
export type ThreadAccessFields = Pick<ThreadEntity, 'hidden' | 'visibilityScope' | 'visibilitySectors' | 'authorId' | 'topicId'>;

/**
 * The forum's one place to fetch a thread and check it: every reader (resolvers, posts,
 * search, notifications, socket rooms) asks here, and here asks `AccessPolicy.canViewContent`.
 * Lists use its SQL twin (`AccessPolicy.contentPredicate`, in `ThreadsRepository`).
 */
@Injectable()
export class ThreadAccess {
  constructor(private readonly threads: ThreadsRepository) {}

  /** The one rule for a thread: visibility, and hidden threads for staff only (a topic-limited MODERATOR: of their topics). */
  isVisibleTo(viewer: Viewer | null | undefined, t: ThreadAccessFields): boolean {
    return AccessPolicy.canViewContent(viewer, t);
  }

  /**
   * Whether the viewer sees what moderation hid in this thread (its hidden replies, and so their
   * count): `AccessPolicy.canSeeHidden` for the thread (a topic-limited MODERATOR: in their topics).
   */
  canSeeHiddenIn(viewer: Viewer | null | undefined, thread: Pick<Thread, 'topicId'>): boolean {
    return AccessPolicy.canSeeHidden(viewer, thread);
  }

  /**
   * `Thread.postCount` for this viewer: the visible replies (neither deleted nor hidden), plus the
   * hidden ones for those who see them listed (`canSeeHiddenIn`), so that it matches the replies
   * each viewer is shown (tombstones aside).
   */
  postCountFor(viewer: Viewer | null | undefined, thread: Thread): number {
    return thread.visiblePostCount + (this.canSeeHiddenIn(viewer, thread) ? thread.hiddenPostCount : 0);
  }

  /**
   * For rows outside the forum that name a thread and maybe a reply by id (notifications): SQL,
   * true unless moderation hid that thread or reply from this viewer. It is the hidden half of
   * `AccessPolicy.contentPredicate` (its visibility half given a PUBLIC resource, so always
   * true): what the viewer merely lost access to (visibility, sector) is not filtered here; such
   * rows stay, their content resolving to null.
   */
  notHiddenByModerationSql(viewer: Viewer | null | undefined, columns: { threadId: string; postId: string }): SqlPredicate {
    const hiddenOnly = { scope: "'PUBLIC'", sectors: "'{}'::sector[]", author: 'NULL::uuid' };
    const thread = AccessPolicy.contentPredicate(viewer, 'ht', hiddenOnly);
    const post = AccessPolicy.contentPredicate(viewer, 'hp', { ...hiddenOnly, topic: 'hpt.topic_id', hidden: 'hp.hidden' });
    return {
      sql: `(NOT EXISTS (SELECT 1 FROM threads ht WHERE ht.id = ${columns.threadId} AND NOT ${thread.sql})
             AND NOT EXISTS (SELECT 1 FROM posts hp JOIN threads hpt ON hpt.id = hp.thread_id WHERE hp.id = ${columns.postId} AND NOT ${post.sql}))`,
      params: { ...thread.params, ...post.params },
    };
  }

  /** Whether `viewer` may see thread `threadId` (false for malformed or unknown ids). Pass `manager` inside a transaction. */
  async canView(viewer: Viewer | null, threadId: string, manager?: EntityManager): Promise<boolean> {
    return (await this.canViewMany([viewer], threadId, manager))[0];
  }

  /** For many viewers at once (notification recipients, socket re-checks): the thread is read once. */
  async canViewMany(viewers: readonly (Viewer | null)[], threadId: string, manager?: EntityManager): Promise<boolean[]> {
    if (!viewers.length) return [];
    const thread = isUuid(threadId) ? await this.threads.findById(threadId, manager) : null;
    return viewers.map((viewer) => !!thread && this.isVisibleTo(viewer, thread));
  }

  /**
   * `canViewMany` for a thread the caller already read in its open transaction under the row's
   * lock (e.g. the thread of a reply being posted), so nothing changed it since: not read again.
   */
  visibleToMany(viewers: readonly (Viewer | null)[], lockedThread: ThreadAccessFields): boolean[] {
    return viewers.map((viewer) => this.isVisibleTo(viewer, lockedThread));
  }

  /** `thread(id)`: null when missing, malformed or not visible to the viewer. */
  async findVisible(viewer: Viewer | null, id: string, manager?: EntityManager): Promise<Thread | null> {
    if (!isUuid(id)) return null;
    const e = await this.threads.findById(id, manager);
    return e && this.isVisibleTo(viewer, e) ? Thread.fromEntity(e) : null;
  }

  /** `thread(id)` with its author and topic (one statement): null when missing, malformed or not visible to the viewer. */
  async findVisibleWithRefs(viewer: Viewer | null, id: string, options: ThreadRefsOptions = {}): Promise<ThreadWithRefs | null> {
    if (!isUuid(id)) return null;
    const row = await this.threads.findWithRefs(id, options);
    return row && this.isVisibleTo(viewer, row) ? row : null;
  }

  /** Batched raw lookup, no access check (callers check with `isVisibleTo`). */
  load(loaders: LoaderRegistry, id: string): Promise<ThreadFields | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.loader(loaders).load(id);
  }

  /** Hands the request's thread loader a thread read by another query (a list, `thread(id)`): the replies' checks then cost no statement. */
  prime(loaders: LoaderRegistry, thread: ThreadFields): void {
    this.loader(loaders).prime(thread.id, thread);
  }

  private loader(loaders: LoaderRegistry) {
    return loaders.get<string, ThreadFields | null>('thread.byId', async (ids) => byKey(ids, await this.threads.findByIds(ids), (r) => r.id));
  }

  /** Batched, checked: null when the viewer may not see it (also `node(id)`). */
  @NodeLoader('Thread')
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<Thread | null> {
    const e = await this.load(loaders, id);
    return e && this.isVisibleTo(viewer, e) ? Thread.fromEntity(e) : null;
  }

  /** Locks the thread row for a write (FOR NO KEY UPDATE); NOT_FOUND unless visible to the viewer. */
  async lockVisible(manager: EntityManager, viewer: Viewer | null, id: string): Promise<ThreadEntity> {
    if (!isUuid(id)) throw new NotFoundError('The thread');
    const e = await this.threads.lock(manager, id);
    if (!e || !this.isVisibleTo(viewer, e)) throw new NotFoundError('The thread');
    return e;
  }
}

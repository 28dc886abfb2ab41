import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessPolicy } from '../../access/access-policy';
import { Viewer } from '../../access/viewer';
import { BadInputError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/validation/uuid';
import { byKey, LoaderRegistry } from '../../platform/graphql/loaders';
import { ThreadAccess, ThreadAccessFields } from '../threads/thread-access.service';
import { ThreadEntity } from '../threads/thread.entity';
import { ThreadsRepository } from '../threads/threads.repository';
import { isPostVisible } from './post-visibility';
import { PostEntity } from './post.entity';
import { Post } from './post.type';
import { PostsRepository } from './posts.repository';
import { NodeLoader } from '../../platform/graphql/node-loaders';

/**
 * The forum's one place to fetch a reply and check it (the twin of `ThreadAccess`): readers
 * (parents, accepted answers, search hits, notifications) and writers (edit, delete, vote,
 * accept) ask here; the rule itself is `isPostVisible`.
 */
@Injectable()
export class PostAccess {
  constructor(
    private readonly posts: PostsRepository,
    private readonly threads: ThreadAccess,
    private readonly threadRows: ThreadsRepository,
  ) {}

  /** The one rule for a post in its thread (deleted posts stay visible as tombstones). */
  isVisibleIn(viewer: Viewer | null | undefined, thread: ThreadAccessFields, post: Pick<PostEntity, 'hidden'>): boolean {
    return isPostVisible(viewer, thread, post);
  }

  /**
   * Whether the viewer sees what only moderators see of a reply (a tombstone's author, a deleted
   * reply's revisions): MODERATOR and ADMIN; a topic-limited MODERATOR in the thread's topic.
   */
  async canSeeModerated(loaders: LoaderRegistry, viewer: Viewer | null, post: Pick<PostEntity, 'threadId'>): Promise<boolean> {
    if (!viewer) return false;
    const thread = await this.threads.load(loaders, post.threadId);
    return !!thread && AccessPolicy.canSeeHidden(viewer, thread);
  }

  /** Batched raw lookup (no access check). */
  load(loaders: LoaderRegistry, id: string): Promise<PostEntity | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.loader(loaders).load(id);
  }

  /** Hands the request's post loader a post read by another query (a search hit): its checks then cost no statement. */
  prime(loaders: LoaderRegistry, post: PostEntity): void {
    this.loader(loaders).prime(post.id, post);
  }

  private loader(loaders: LoaderRegistry) {
    return loaders.get<string, PostEntity | null>('post.byId', async (ids) => byKey(ids, await this.posts.findByIds(ids), (r) => r.id));
  }

  /** A post (parent, accepted answer, search hit): null when the viewer may not see it (batched with its thread). */
  @NodeLoader('Post')
  async loadVisible(loaders: LoaderRegistry, viewer: Viewer | null, id: string): Promise<Post | null> {
    const e = await this.load(loaders, id);
    if (!e) return null;
    const thread = await this.threads.load(loaders, e.threadId);
    return thread && this.isVisibleIn(viewer, thread, e) ? Post.fromEntity(e) : null;
  }

  /** Whether the viewer may still see a post and its thread (idempotent replays). */
  async isStillVisible(manager: EntityManager, viewer: Viewer | null, post: PostEntity): Promise<boolean> {
    const thread = await this.threadRows.findById(post.threadId, manager);
    return thread !== null && this.isVisibleIn(viewer, thread, post);
  }

  /**
   * The post a new reply in `thread` answers: NOT_FOUND when missing, deleted or not visible
   * to the viewer; BAD_USER_INPUT when it belongs to another thread (that the viewer may see).
   */
  async loadParent(manager: EntityManager, viewer: Viewer, thread: ThreadEntity, parentId: string): Promise<PostEntity> {
    const parent = isUuid(parentId) ? await this.posts.findById(parentId, manager) : null;
    if (!parent || parent.deleted) throw new NotFoundError('The parent post');
    if (parent.threadId !== thread.id) {
      // a post of a thread the viewer may not see does not exist for them
      if (!(await this.threads.canView(viewer, parent.threadId, manager))) throw new NotFoundError('The parent post');
      throw new BadInputError('parentId must be a post of the same thread.', 'parentId');
    }
    if (!this.isVisibleIn(viewer, thread, parent)) throw new NotFoundError('The parent post');
    return parent;
  }

  /**
   * Locks the post's thread, then the post (the order every forum write uses). NOT_FOUND when
   * the post is missing, hidden from the viewer, in a thread they may not see, or deleted
   * (unless `allowDeleted`). `threadId`: the post's thread, already read (a post never moves).
   */
  async lockForWrite(
    manager: EntityManager,
    viewer: Viewer,
    postId: string,
    { allowDeleted = false, threadId: known }: { allowDeleted?: boolean; threadId?: string } = {},
  ): Promise<{ post: PostEntity; thread: ThreadEntity }> {
    if (!isUuid(postId)) throw new NotFoundError('The post');
    const threadId = known ?? (await this.posts.threadIdOf(manager, postId));
    if (threadId === null) throw new NotFoundError('The post');
    let thread: ThreadEntity;
    try {
      thread = await this.threads.lockVisible(manager, viewer, threadId);
    } catch (err) {
      if (err instanceof NotFoundError) throw new NotFoundError('The post');
      throw err;
    }
    const post = await this.posts.lock(manager, postId);
    if (!post || post.threadId !== thread.id || !this.isVisibleIn(viewer, thread, post) || (post.deleted && !allowDeleted)) throw new NotFoundError('The post');
    return { post, thread };
  }
}

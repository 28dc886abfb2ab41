import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError, EmailNotVerifiedError, NotFoundError } from '../../platform/errors/domain-errors';
import { isUuid } from '../../platform/validation/uuid';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { LoaderRegistry } from '../../platform/graphql/loaders';
import { ThreadWriteQueue } from '../threads/thread-write-queue';
import { ThreadsRepository } from '../threads/threads.repository';
import { PostAccess } from './post-access.service';
import { Post } from './post.type';
import { PostsRepository } from './posts.repository';

@Injectable()
export class VotesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsRepository,
    private readonly threads: ThreadsRepository,
    private readonly access: PostAccess,
    private readonly events: DomainEventBus,
    private readonly queue: ThreadWriteQueue,
  ) {}

  /**
   * +1 or -1 (replacing the viewer's earlier vote), 0 clears it. Not on one's own post
   * (FORBIDDEN). The post's score and its thread's score change by the difference in the
   * same transaction, under the thread and post row locks, in the thread's turn (`ThreadWriteQueue`).
   */
  async vote(viewer: Viewer, postId: string, value: number): Promise<Post> {
    if (!RecordRules.canContribute(viewer)) throw new EmailNotVerifiedError();
    if (![-1, 0, 1].includes(value)) throw new BadInputError('value must be 1, -1 or 0.', 'value');
    const threadId = isUuid(postId) ? await this.posts.threadIdOf(this.dataSource.manager, postId) : null;
    if (threadId === null) throw new NotFoundError('The post');
    return this.queue.inTurn(threadId, viewer.id, () => this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.access.lockForWrite(manager, viewer, postId, { threadId });
      if (!RecordRules.canVote(viewer, post)) throw new ForbiddenError('You cannot vote on your own post.');
      const previous = await this.posts.voteOf(manager, post.id, viewer.id);
      const delta = value - previous;
      if (delta === 0) return Post.fromEntity(post);
      await this.posts.setVote(manager, post.id, viewer.id, value);
      post.score = await this.posts.addScore(manager, post.id, delta);
      // a hidden reply's score is not the thread's (it rejoins it when shown again)
      if (!post.hidden) Object.assign(thread, await this.threads.addScore(manager, thread.id, delta));
      await this.events.emit(manager, 'post.voted', { post, thread, voterId: viewer.id, previous, value });
      return Post.fromEntity(post);
    }));
  }

  /**
   * Demo data: adds a vote unless the voter already voted on the post, with its score delta on
   * the post and its thread (caller's transaction); emits nothing. Whether it was added.
   */
  async addVote(manager: EntityManager, postId: string, threadId: string, voterId: string, value: number): Promise<boolean> {
    if (!(await this.posts.addVoteIfAbsent(manager, postId, voterId, value))) return false;
    await this.posts.addScore(manager, postId, value);
    await this.threads.addScore(manager, threadId, value);
    return true;
  }

  /** The viewer's vote on a post: 1, -1, or 0 (none, or anonymous). Batched per request. */
  viewerVote(loaders: LoaderRegistry, viewer: Viewer | null, postId: string): Promise<number> {
    if (!viewer) return Promise.resolve(0);
    return this.voteLoader(loaders, viewer).load(postId);
  }

  /** Hands the request's loader the viewer's vote on a post, read with a list of replies (0: none). */
  primeViewerVote(loaders: LoaderRegistry, viewer: Viewer, postId: string, value: number): void {
    this.voteLoader(loaders, viewer).prime(postId, value);
  }

  private voteLoader(loaders: LoaderRegistry, viewer: Viewer) {
    return loaders.get<string, number>(`post.viewerVote:${viewer.id}`, async (ids) => {
      const votes = await this.posts.votesOf(viewer.id, ids);
      return ids.map((id) => votes.get(id) ?? 0);
    });
  }
}

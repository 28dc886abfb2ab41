import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RecordRules } from '../../access/record-rules';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError } from '../../platform/errors/domain-errors';
import { DomainEventBus } from '../../platform/events/domain-event-bus';
import { ThreadKind } from '../threads/thread-kind.enum';
import { Thread } from '../threads/thread.type';
import { ThreadCounters, ThreadsRepository } from '../threads/threads.repository';
import { PostAccess } from './post-access.service';
import { PostsRepository } from './posts.repository';

@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsRepository,
    private readonly threads: ThreadsRepository,
    private readonly access: PostAccess,
    private readonly events: DomainEventBus,
  ) {}

  /**
   * Marks a reply as the accepted answer of its QUESTION thread (the thread author, a
   * MODERATOR or an ADMIN); replaces an earlier accepted answer. Accepting the accepted
   * answer again changes nothing.
   */
  async accept(viewer: Viewer, postId: string): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.access.lockForWrite(manager, viewer, postId);
      if (!RecordRules.canAcceptAnswer(viewer, thread)) {
        throw new ForbiddenError('Only the thread author, a MODERATOR or an ADMIN may accept an answer.');
      }
      if (thread.kind !== ThreadKind.QUESTION) throw new BadInputError('Only QUESTION threads have an accepted answer.', 'postId');
      if (thread.acceptedPostId === post.id) return Thread.fromEntity(thread);
      const previousPostId = thread.acceptedPostId;
      Object.assign(thread, await this.markAccepted(manager, thread.id, post.id, post.hidden));
      post.accepted = true;
      await this.events.emit(manager, 'answer.accepted', { post, thread, previousPostId, actorId: viewer.id });
      return Thread.fromEntity(thread);
    });
  }

  /**
   * Makes `postId` the accepted answer of `threadId` (flags on the posts, the thread's
   * acceptedPostId) in the caller's transaction; emits nothing. A reply hidden by moderation
   * (a MODERATOR may accept one) keeps the flag but answers the thread only once shown again
   * (`ThreadsRepository.recordReplyHiddenChanged`). Returns the thread's counters after.
   */
  async markAccepted(manager: EntityManager, threadId: string, postId: string, hidden = false): Promise<ThreadCounters> {
    await this.posts.markAccepted(manager, threadId, postId);
    return this.threads.setAcceptedPost(manager, threadId, hidden ? null : postId);
  }
}

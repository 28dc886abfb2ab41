import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isStaff } from '../../access/roles';
import { Viewer } from '../../access/viewer';
import { BadInputError, ForbiddenError } from '../../platform/errors/domain-errors';
import { rooms, RoomEventsService } from '../../outbox/room-events.service';
import { ForumNotifier } from '../threads/forum-notifier.service';
import { ThreadKind } from '../threads/thread-kind.enum';
import { ThreadEntity } from '../threads/thread.entity';
import { Thread } from '../threads/thread.type';
import { PostsService } from './posts.service';

@Injectable()
export class AnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly posts: PostsService,
    private readonly roomEvents: RoomEventsService,
    private readonly notifier: ForumNotifier,
  ) {}

  /**
   * Marks a reply as the accepted answer of its QUESTION thread (the thread author, a
   * MODERATOR or an ADMIN); replaces an earlier accepted answer. Accepting the accepted
   * answer again changes nothing.
   */
  async accept(viewer: Viewer, postId: string): Promise<Thread> {
    return this.dataSource.transaction(async (manager) => {
      const { post, thread } = await this.posts.lockForWrite(manager, viewer, postId);
      if (thread.authorId !== viewer.id && !isStaff(viewer.role)) {
        throw new ForbiddenError('Only the thread author, a MODERATOR or an ADMIN may accept an answer.');
      }
      if (thread.kind !== ThreadKind.QUESTION) throw new BadInputError('Only QUESTION threads have an accepted answer.', 'postId');
      if (thread.acceptedPostId === post.id) return Thread.fromEntity(thread);
      await manager.query(`UPDATE posts SET accepted = false WHERE thread_id = $1 AND accepted`, [thread.id]);
      await manager.query(`UPDATE posts SET accepted = true WHERE id = $1`, [post.id]);
      await manager.query(`UPDATE threads SET accepted_post_id = $2 WHERE id = $1`, [thread.id, post.id]);
      await this.roomEvents.append(manager, rooms.thread(thread.id), 'thread.updated', { threadId: thread.id, fields: ['acceptedAnswer', 'answered'] });
      await this.notifier.answerAccepted(manager, { threadId: thread.id, postId: post.id, postAuthorId: post.authorId, actorId: viewer.id });
      return Thread.fromEntity(await manager.getRepository(ThreadEntity).findOneOrFail({ where: { id: thread.id } }));
    });
  }
}

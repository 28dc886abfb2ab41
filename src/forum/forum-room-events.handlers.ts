import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { changed, RoomEvents, rooms, ThreadValues } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import type { AnswerAcceptedEvent, PostCreatedEvent, PostDeletedEvent, PostEditedEvent, PostVotedEvent, ThreadEditedEvent } from './forum.events';
import type { PostEntity } from './posts/post.entity';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * The forum's room events, from its domain events, in the transaction of the change: the
 * `thread:<id>` room hears of new, changed and deleted replies and of thread changes, with the
 * values a client needs to render them (`changed` lists exactly the values carried).
 *
 * Members of a thread's room are those who may see the thread (socket access follows
 * `ThreadAccess`), so thread values and visible replies are theirs to see. A hidden reply is
 * not: its changed text is named in `fields` but not carried.
 */
@Injectable()
export class ForumRoomEvents {
  constructor(private readonly roomEvents: RoomEventsService) {}

  @OnDomainEvent('post.created')
  async onPostCreated({ post, author }: PostCreatedEvent, manager: EntityManager): Promise<void> {
    const data: RoomEvents['post.created'] = {
      postId: post.id,
      threadId: post.threadId,
      parentId: post.parentId,
      authorId: post.authorId,
      author,
      bodyHtml: post.bodyHtml,
      createdAt: new Date(post.createdAt).toISOString(),
    };
    await this.roomEvents.append(manager, rooms.thread(post.threadId), 'post.created', data);
  }

  @OnDomainEvent('post.edited')
  async onPostEdited({ post }: PostEditedEvent, manager: EntityManager): Promise<void> {
    const editedAt = iso(post.editedAt);
    const values = post.hidden ? changed({ editedAt }, ['bodyHtml']) : changed({ bodyHtml: post.bodyHtml, editedAt });
    await this.postUpdated(manager, post, values);
  }

  @OnDomainEvent('post.voted')
  async onPostVoted({ post }: PostVotedEvent, manager: EntityManager): Promise<void> {
    await this.postUpdated(manager, post, changed({ score: post.score }));
  }

  @OnDomainEvent('post.deleted')
  async onPostDeleted({ post, thread, wasAccepted }: PostDeletedEvent, manager: EntityManager): Promise<void> {
    await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.deleted', { postId: post.id, threadId: thread.id });
    const counters: Partial<ThreadValues> = {
      postCount: thread.postCount,
      score: thread.score,
      lastActivityAt: new Date(thread.lastActivityAt).toISOString(),
      lastPosterId: thread.lastPosterId,
    };
    if (wasAccepted) Object.assign(counters, { acceptedAnswerId: thread.acceptedPostId, answered: thread.acceptedPostId !== null });
    await this.threadUpdated(manager, thread.id, changed(counters));
  }

  @OnDomainEvent('answer.accepted')
  async onAnswerAccepted({ thread }: AnswerAcceptedEvent, manager: EntityManager): Promise<void> {
    await this.threadUpdated(manager, thread.id, changed({ acceptedAnswerId: thread.acceptedPostId, answered: thread.acceptedPostId !== null }));
  }

  @OnDomainEvent('thread.edited')
  async onThreadEdited({ thread, changed: fields }: ThreadEditedEvent, manager: EntityManager): Promise<void> {
    const values: Partial<ThreadValues> = {};
    if (fields.includes('title')) values.title = thread.title;
    if (fields.includes('body')) values.bodyHtml = thread.bodyHtml;
    if (fields.includes('tags')) values.tags = thread.tags;
    if (fields.includes('topicId')) values.topicId = thread.topicId;
    values.editedAt = iso(thread.editedAt);
    await this.threadUpdated(manager, thread.id, changed(values));
  }

  private postUpdated(manager: EntityManager, post: PostEntity, values: Omit<RoomEvents['post.updated'], 'postId' | 'threadId'>): Promise<void> {
    return this.roomEvents.append(manager, rooms.thread(post.threadId), 'post.updated', { postId: post.id, threadId: post.threadId, ...values });
  }

  private threadUpdated(manager: EntityManager, threadId: string, values: Omit<RoomEvents['thread.updated'], 'threadId'>): Promise<void> {
    return this.roomEvents.append(manager, rooms.thread(threadId), 'thread.updated', { threadId, ...values });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { changed, RoomEvents, rooms, ThreadValues } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import type { AnswerAcceptedEvent, PostCreatedEvent, PostDeletedEvent, PostEditedEvent, PostHiddenChangedEvent, PostVotedEvent, ThreadEditedEvent } from './forum.events';
import type { PostEntity } from './posts/post.entity';
import type { ThreadEntity } from './threads/thread.entity';
import { ThreadsRepository } from './threads/threads.repository';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** The thread's counters as every member of its room sees them (visible replies only). */
const visibleCounters = (thread: ThreadEntity): Partial<ThreadValues> => ({
  postCount: thread.postCount,
  score: thread.score,
  lastActivityAt: new Date(thread.lastActivityAt).toISOString(),
  lastPosterId: thread.lastPosterId,
});

/**
 * The forum's room events, from its domain events, in the transaction of the change: the
 * `thread:<id>` room hears of new, changed and deleted replies and of thread changes, with the
 * values a client needs to render them (`changed` lists exactly the values carried).
 *
 * Members of a thread's room are those who may see the thread (socket access follows
 * `ThreadAccess`), so thread values and visible replies are theirs to see; the thread counters
 * carried (`postCount`, `score`, `lastActivityAt`, `lastPosterId`) are those of the visible
 * replies, what every member sees. A reply hidden by moderation is not theirs to see: nothing
 * about it is broadcast while it stays hidden (an edit, a vote or a deletion by staff, who see
 * it through queries); the room only hears that it was hidden, and, once shown again, its text
 * (moderation's room events).
 */
@Injectable()
export class ForumRoomEvents {
  constructor(
    private readonly roomEvents: RoomEventsService,
    private readonly threads: ThreadsRepository,
  ) {}

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
    if (post.hidden) return;
    await this.postUpdated(manager, post, changed({ bodyHtml: post.bodyHtml, editedAt: iso(post.editedAt) }));
  }

  @OnDomainEvent('post.voted')
  async onPostVoted({ post }: PostVotedEvent, manager: EntityManager): Promise<void> {
    if (post.hidden) return;
    await this.postUpdated(manager, post, changed({ score: post.score }));
  }

  /** A deleted reply: `post.deleted`, then the thread's counters (members never saw a hidden one: nothing then). */
  @OnDomainEvent('post.deleted')
  async onPostDeleted({ post, thread, wasAccepted }: PostDeletedEvent, manager: EntityManager): Promise<void> {
    if (post.hidden) return;
    await this.roomEvents.append(manager, rooms.thread(thread.id), 'post.deleted', { postId: post.id, threadId: thread.id });
    const counters = visibleCounters(thread);
    if (wasAccepted) Object.assign(counters, { acceptedAnswerId: thread.acceptedPostId, answered: thread.acceptedPostId !== null });
    await this.threadUpdated(manager, thread.id, changed(counters));
  }

  /**
   * Moderation hid a reply or showed it again (its own room event is moderation's): the thread's
   * counters for members changed with it (`PostsRepository.setHidden`), read back in the same
   * transaction. A deleted reply counts nowhere: nothing changed then.
   */
  @OnDomainEvent('post.hidden-changed')
  async onPostHiddenChanged({ post }: PostHiddenChangedEvent, manager: EntityManager): Promise<void> {
    if (post.deleted) return;
    const thread = await this.threads.findById(post.threadId, manager);
    if (!thread) return;
    const counters = visibleCounters(thread);
    // the accepted answer hidden (or shown again) stops (or starts again) answering the thread
    if (post.accepted) Object.assign(counters, { acceptedAnswerId: thread.acceptedPostId, answered: thread.acceptedPostId !== null });
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

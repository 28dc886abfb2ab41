import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { changed, rooms, ThreadValues } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import type { PostModeratedEvent, ThreadModeratedEvent } from './moderation.events';

/**
 * Room events of moderation actions, in the transaction of the action (the pattern of
 * `ForumRoomEvents`). Hiding a reply also blanks its text in the room's stored events, so a
 * replay never carries it again; showing it again carries the text in `post.updated`.
 */
@Injectable()
export class ModerationRoomEvents {
  constructor(private readonly roomEvents: RoomEventsService) {}

  @OnDomainEvent('post.moderated')
  async onPostModerated({ post, hidden }: PostModeratedEvent, manager: EntityManager): Promise<void> {
    const room = rooms.thread(post.threadId);
    if (hidden) await this.roomEvents.redactPostBody(manager, room, post.id);
    const values = hidden ? changed({ hidden }) : changed({ hidden, bodyHtml: post.bodyHtml });
    await this.roomEvents.append(manager, room, 'post.updated', { postId: post.id, threadId: post.threadId, ...values });
  }

  @OnDomainEvent('thread.moderated')
  async onThreadModerated({ thread, changed: fields }: ThreadModeratedEvent, manager: EntityManager): Promise<void> {
    const values: Partial<ThreadValues> = {};
    if (fields.includes('locked')) values.locked = thread.locked;
    if (fields.includes('pinned')) values.pinned = thread.pinned;
    if (fields.includes('topicId')) values.topicId = thread.topicId;
    await this.roomEvents.append(manager, rooms.thread(thread.id), 'thread.updated', { threadId: thread.id, ...changed(values) });
  }
}

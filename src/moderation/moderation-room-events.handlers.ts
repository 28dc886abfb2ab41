import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PostHiddenChangedEvent } from '../forum/forum.events';
import type { LiveMessageHiddenChangedEvent } from '../live-sessions/live-sessions.events';
import { LiveSessionsRepository } from '../live-sessions/live-sessions.repository';
import { changed, rooms, ThreadValues } from '../outbox/room-events';
import { RoomEventsService } from '../outbox/room-events.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import type { ThreadModeratedEvent } from './moderation.events';

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/**
 * Room events of moderation actions, in the transaction of the action (the pattern of
 * `ForumRoomEvents`). Hiding a reply or a chat message turns every stored event of its room
 * about it into a tombstone (`post.hidden`, `live.message.hidden`) that keeps its seq and names
 * only ids, so a replay never carries its author or text again, and broadcasts that tombstone.
 * Showing it again leaves the tombstones in place and broadcasts the whole item anew
 * (`post.unhidden`, `live.message.unhidden`), with the author, for clients that only saw the
 * tombstone. A reply's hide and unhide also still send `post.updated` (`hidden`; with
 * `bodyHtml` when shown again) for clients of the earlier protocol. A hidden thread's room
 * loses its non-staff members first (`thread.access-changed`, re-checked before the events are
 * delivered).
 */
@Injectable()
export class ModerationRoomEvents {
  constructor(
    private readonly roomEvents: RoomEventsService,
    private readonly liveSessions: LiveSessionsRepository,
  ) {}

  @OnDomainEvent('post.hidden-changed')
  async onPostHiddenChanged({ post, hidden }: PostHiddenChangedEvent, manager: EntityManager): Promise<void> {
    const room = rooms.thread(post.threadId);
    const ids = { postId: post.id, threadId: post.threadId };
    if (hidden) {
      await this.roomEvents.tombstonePost(manager, room, post.id, { authorId: post.authorId, createdAt: iso(post.createdAt)! });
      await this.roomEvents.append(manager, room, 'post.hidden', ids);
      await this.roomEvents.append(manager, room, 'post.updated', { ...ids, ...changed({ hidden }) });
      return;
    }
    const author = (await this.liveSessions.summaries(manager, [post.authorId])).get(post.authorId)!;
    await this.roomEvents.append(manager, room, 'post.unhidden', {
      ...ids,
      parentId: post.parentId,
      authorId: post.authorId,
      author,
      bodyHtml: post.bodyHtml,
      createdAt: iso(post.createdAt)!,
      editedAt: iso(post.editedAt),
      score: post.score,
      deleted: post.deleted,
      accepted: post.accepted,
    });
    await this.roomEvents.append(manager, room, 'post.updated', { ...ids, ...changed({ hidden, bodyHtml: post.bodyHtml }) });
  }

  @OnDomainEvent('thread.moderated')
  async onThreadModerated({ thread, changed: fields }: ThreadModeratedEvent, manager: EntityManager): Promise<void> {
    const values: Partial<ThreadValues> = {};
    if (fields.includes('locked')) values.locked = thread.locked;
    if (fields.includes('pinned')) values.pinned = thread.pinned;
    if (fields.includes('topicId')) values.topicId = thread.topicId;
    if (fields.includes('hidden')) values.hidden = thread.hidden;
    await this.roomEvents.append(manager, rooms.thread(thread.id), 'thread.updated', { threadId: thread.id, ...changed(values) });
  }

  @OnDomainEvent('live-message.hidden-changed')
  async onLiveMessageHiddenChanged({ message, hidden }: LiveMessageHiddenChangedEvent, manager: EntityManager): Promise<void> {
    const room = rooms.session(message.sessionId);
    if (hidden) {
      await this.roomEvents.tombstoneLiveMessage(manager, room, message.id);
      await this.roomEvents.append(manager, room, 'live.message.hidden', { messageId: message.id, sessionId: message.sessionId });
      return;
    }
    const author = (await this.liveSessions.summaries(manager, [message.authorId])).get(message.authorId)!;
    await this.roomEvents.append(manager, room, 'live.message.unhidden', {
      messageId: message.id,
      sessionId: message.sessionId,
      author,
      body: message.body,
      bodyHtml: message.bodyHtml,
      createdAt: iso(message.createdAt)!,
      messageSeq: Number(message.seq),
    });
  }
}

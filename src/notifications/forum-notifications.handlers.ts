import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { extractMentions } from '../forum/content/mentions';
import type { AnswerAcceptedEvent, PostCreatedEvent, PostEditedEvent, ThreadCreatedEvent, ThreadEditedEvent } from '../forum/forum.events';
import { UsersService } from '../identity/users/users.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { NotificationType } from './notification.enums';
import { NotificationsService } from './notifications.service';

/**
 * Who hears of what happens in the forum, decided here, inside the transaction of the change
 * (`notify` then drops the actor and anyone who may not see the thread):
 * - a reply: REPLY to the thread's watchers (its author watches from the start) and the author
 *   of the replied-to post; MENTION to every @handle in it;
 * - a new thread: MENTION; an edited thread or reply: MENTION for handles it did not name before;
 * - an accepted answer: ANSWER_ACCEPTED to its author.
 */
@Injectable()
export class ForumNotifications {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
  ) {}

  @OnDomainEvent('post.created')
  async onPostCreated({ post, thread, parentAuthorId, actorId, watchers }: PostCreatedEvent, manager: EntityManager): Promise<void> {
    const recipients = watchers.map((w) => w.id);
    if (parentAuthorId) recipients.push(parentAuthorId);
    // the thread was read under its row lock, and the watchers' Viewers with the reply, in this
    // transaction: recipients are checked against them without reading them again
    await this.notifications.notify(manager, {
      type: NotificationType.REPLY,
      recipientIds: recipients,
      recipientViewers: watchers,
      actorId,
      threadId: thread.id,
      lockedThread: thread,
      postId: post.id,
    });
    await this.mentions(manager, { body: post.body, actorId, threadId: thread.id, lockedThread: thread, postId: post.id });
  }

  @OnDomainEvent('thread.created')
  async onThreadCreated({ thread, actorId }: ThreadCreatedEvent, manager: EntityManager): Promise<void> {
    await this.mentions(manager, { body: thread.body, actorId, threadId: thread.id });
  }

  @OnDomainEvent('thread.edited')
  async onThreadEdited({ thread, previousBody, actorId }: ThreadEditedEvent, manager: EntityManager): Promise<void> {
    if (previousBody === null) return; // the body did not change
    await this.mentions(manager, { body: thread.body, previousBody, actorId, threadId: thread.id });
  }

  @OnDomainEvent('post.edited')
  async onPostEdited({ post, thread, previousBody, actorId }: PostEditedEvent, manager: EntityManager): Promise<void> {
    await this.mentions(manager, { body: post.body, previousBody, actorId, threadId: thread.id, postId: post.id });
  }

  @OnDomainEvent('answer.accepted')
  async onAnswerAccepted({ post, thread, actorId }: AnswerAcceptedEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.ANSWER_ACCEPTED, recipientIds: [post.authorId], actorId, threadId: thread.id, postId: post.id });
  }

  /** MENTION: each existing user named as @handle in `body` and not already in `previousBody`. */
  private async mentions(
    manager: EntityManager,
    about: { body: string; previousBody?: string | null; actorId: string; threadId: string; lockedThread?: PostCreatedEvent['thread']; postId?: string | null },
  ): Promise<void> {
    const before = new Set(about.previousBody ? extractMentions(about.previousBody) : []);
    const handles = extractMentions(about.body).filter((h) => !before.has(h));
    const recipients = await this.users.idsByHandles(manager, handles);
    if (!recipients.length) return;
    await this.notifications.notify(manager, {
      type: NotificationType.MENTION,
      recipientIds: recipients,
      actorId: about.actorId,
      threadId: about.threadId,
      lockedThread: about.lockedThread ?? null,
      postId: about.postId ?? null,
    });
  }
}

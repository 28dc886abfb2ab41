import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ContentFlaggedHiddenEvent } from '../moderation/moderation.events';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { NotificationType } from './notification.enums';
import { NotificationsService } from './notifications.service';

/**
 * Notifications of moderation, inside the transaction of the action: the author of a thread or
 * reply hidden by flags (or kept hidden by a moderator upholding them) gets MODERATION, about
 * the thread when they may still see it (a hidden reply itself is not theirs to see any more); the
 * author of a hidden live chat message, about its session.
 */
@Injectable()
export class ModerationNotifications {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent('content.flagged-hidden')
  async onFlaggedHidden({ authorId, threadId, sessionId, actorId }: ContentFlaggedHiddenEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.MODERATION, recipientIds: [authorId], actorId, threadId, sessionId });
  }
}

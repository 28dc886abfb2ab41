import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ExpertAskedEvent, ExpertReviewedEvent } from '../experts/experts.events';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { NotificationType } from './notification.enums';
import { NotificationsService } from './notifications.service';

/**
 * Notifications of the expert network, inside the transaction of the change:
 * - `askExpert`: EXPERT_REQUEST to the expert, about the thread (`notify` drops them if they may
 *   not see it; `askExpert` already refused that case);
 * - `reviewExpert`: EXPERT_REVIEW to the applicant (their profile is what it is about).
 */
@Injectable()
export class ExpertNotifications {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent('expert.asked')
  async onAsked({ threadId, expertId, actorId }: ExpertAskedEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.EXPERT_REQUEST, recipientIds: [expertId], actorId, threadId });
  }

  @OnDomainEvent('expert.reviewed')
  async onReviewed({ userId, actorId }: ExpertReviewedEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.EXPERT_REVIEW, recipientIds: [userId], actorId });
  }
}

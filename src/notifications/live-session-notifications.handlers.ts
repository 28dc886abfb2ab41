import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LiveSessionCancelledEvent, LiveSessionEndedEvent, LiveSessionStartingEvent } from '../live-sessions/live-sessions.events';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { NotificationType } from './notification.enums';
import { NotificationsService } from './notifications.service';

/**
 * Who hears of live sessions, decided here inside the transaction of the change (`notify` then
 * drops the actor and anyone who may not see the session, through `LiveSessionAccess`):
 * - SESSION_STARTING to RSVPs, from the reminder scheduler (LIVE_REMINDER_LEAD_MINUTES before
 *   the start) and when a host starts it;
 * - SESSION_CANCELLED to RSVPs;
 * - SESSION_ENDED to hosts and RSVPs, with the archive thread.
 */
@Injectable()
export class LiveSessionNotifications {
  constructor(private readonly notifications: NotificationsService) {}

  @OnDomainEvent('live-session.starting')
  async onStarting({ session, rsvpUserIds, actorId }: LiveSessionStartingEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.SESSION_STARTING, recipientIds: rsvpUserIds, actorId, sessionId: session.id });
  }

  @OnDomainEvent('live-session.cancelled')
  async onCancelled({ session, rsvpUserIds, actorId }: LiveSessionCancelledEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.SESSION_CANCELLED, recipientIds: rsvpUserIds, actorId, sessionId: session.id });
  }

  @OnDomainEvent('live-session.ended')
  async onEnded({ session, hostIds, rsvpUserIds, archiveThreadId, actorId }: LiveSessionEndedEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, {
      type: NotificationType.SESSION_ENDED,
      recipientIds: [...hostIds, ...rsvpUserIds],
      actorId,
      sessionId: session.id,
      threadId: archiveThreadId,
    });
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { MembershipDecidedEvent, MembershipRequestedEvent } from '../identity/identity.events';
import { MembershipsService } from '../identity/organizations/memberships.service';
import { OnDomainEvent } from '../platform/events/on-domain-event.decorator';
import { NotificationType } from './notification.enums';
import { NotificationsService } from './notifications.service';

/**
 * MEMBERSHIP notifications, inside the transaction of the change: a new request to the
 * organization's ORG_ADMINs; a decision (approval, rejection, end, organization role) to the member.
 */
@Injectable()
export class MembershipNotifications {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly memberships: MembershipsService,
  ) {}

  @OnDomainEvent('membership.requested')
  async onRequested({ membership, actorId }: MembershipRequestedEvent, manager: EntityManager): Promise<void> {
    const orgAdmins = await this.memberships.orgAdminIds(manager, membership.organizationId);
    await this.notifications.notify(manager, { type: NotificationType.MEMBERSHIP, recipientIds: orgAdmins, actorId, membershipId: membership.id });
  }

  @OnDomainEvent('membership.decided')
  async onDecided({ membership, actorId }: MembershipDecidedEvent, manager: EntityManager): Promise<void> {
    await this.notifications.notify(manager, { type: NotificationType.MEMBERSHIP, recipientIds: [membership.userId], actorId, membershipId: membership.id });
  }
}

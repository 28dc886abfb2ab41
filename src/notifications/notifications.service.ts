import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export type NotificationType = 'REPLY' | 'MENTION' | 'ANSWER_ACCEPTED' | 'EXPERT_REQUEST' | 'SESSION_STARTING' | 'MEMBERSHIP' | 'MODERATION';

export interface NotifyRequest {
  type: NotificationType;
  recipientIds: string[];
  actorId: string | null;
  threadId?: string | null;
  postId?: string | null;
  sessionId?: string | null;
  membershipId?: string | null;
}

/**
 * The one entry point every feature calls to notify people. Called inside the transaction of
 * the change; it drops the actor and recipients who may not see the content, stores the
 * notifications, and pushes them (socket `notification.created`, email) after commit.
 *
 * STUB owned by the notifications feature: the signature is the contract others code against.
 */
@Injectable()
export class NotificationsService {
  async notify(_manager: EntityManager, _request: NotifyRequest): Promise<void> {
    // implemented by the notifications feature
  }
}

import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { NotificationsService } from '../../notifications/notifications.service';
import { extractMentions } from '../content/mentions';

/**
 * Who the forum notifies, decided in one place and called inside the transaction of the
 * change. The notifications service drops the actor and anyone who cannot see the thread.
 */
@Injectable()
export class ForumNotifier {
  constructor(private readonly notifications: NotificationsService) {}

  /** MENTION: each existing user named as @handle in `body` (and not already in `previousBody`), once. */
  async mentions(manager: EntityManager, args: { body: string; previousBody?: string | null; actorId: string; threadId: string; postId?: string | null }): Promise<void> {
    const before = new Set(args.previousBody ? extractMentions(args.previousBody) : []);
    const handles = extractMentions(args.body).filter((h) => !before.has(h));
    if (!handles.length) return;
    const rows: { id: string }[] = await manager.query(`SELECT id FROM users WHERE handle = ANY($1::text[])`, [handles]);
    if (!rows.length) return;
    await this.notifications.notify(manager, {
      type: 'MENTION',
      recipientIds: rows.map((r) => r.id),
      actorId: args.actorId,
      threadId: args.threadId,
      postId: args.postId ?? null,
    });
  }

  /** REPLY: the thread's watchers (its author watches from the start) and the author of the replied-to post. */
  async reply(manager: EntityManager, args: { threadId: string; postId: string; parentAuthorId: string | null; actorId: string }): Promise<void> {
    const rows: { user_id: string }[] = await manager.query(`SELECT user_id FROM thread_watchers WHERE thread_id = $1`, [args.threadId]);
    const recipients = new Set(rows.map((r) => r.user_id));
    if (args.parentAuthorId) recipients.add(args.parentAuthorId);
    if (!recipients.size) return;
    await this.notifications.notify(manager, {
      type: 'REPLY',
      recipientIds: [...recipients],
      actorId: args.actorId,
      threadId: args.threadId,
      postId: args.postId,
    });
  }

  /** ANSWER_ACCEPTED: to the author of the accepted post. */
  async answerAccepted(manager: EntityManager, args: { threadId: string; postId: string; postAuthorId: string; actorId: string }): Promise<void> {
    await this.notifications.notify(manager, {
      type: 'ANSWER_ACCEPTED',
      recipientIds: [args.postAuthorId],
      actorId: args.actorId,
      threadId: args.threadId,
      postId: args.postId,
    });
  }
}

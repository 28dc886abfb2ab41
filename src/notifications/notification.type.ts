import { Field, ID, ObjectType } from '@nestjs/graphql';
import { NotificationEntity } from './notification.entity';
import { EmailNotificationMode, NotificationType } from './notification.enums';
import { Node } from '../platform/graphql/node.interface';

/**
 * A notification as its recipient sees it. `actor` and what it is about (`thread`, `post`,
 * `membership`) are field resolvers; they resolve to null when the recipient may no longer
 * see the item.
 */
@ObjectType('Notification', {
  implements: () => [Node],
  description:
    'Something that happened for the signed-in user (a reply, a mention, a membership decision…), as its recipient sees it. Also pushed as `notification.created` on the socket.io room `user:<id>`.',
})
export class Notification implements Node {
  @Field(() => ID, { description: 'Global id of the notification (a UUID), usable with `node(id:)` and `markNotificationsRead`.' })
  id: string;

  @Field(() => NotificationType, { description: 'What the notification is about, which says which of `thread`, `post` and `membership` are set.' })
  type: NotificationType;

  @Field(() => Date, { nullable: true, description: 'When the recipient marked it read; null while unread.' })
  readAt: Date | null;

  @Field({ description: 'When it was created (ISO-8601, UTC).' })
  createdAt: Date;

  recipientId: string;
  actorId: string | null;
  threadId: string | null;
  postId: string | null;
  sessionId: string | null;
  membershipId: string | null;

  static fromEntity(e: NotificationEntity): Notification {
    const n = new Notification();
    n.id = e.id;
    n.type = e.type;
    n.readAt = e.readAt;
    n.createdAt = e.createdAt;
    n.recipientId = e.recipientId;
    n.actorId = e.actorId;
    n.threadId = e.threadId;
    n.postId = e.postId;
    n.sessionId = e.sessionId;
    n.membershipId = e.membershipId;
    return n;
  }
}

@ObjectType('NotificationSettings', { description: 'The signed-in user\'s notification preferences.' })
export class NotificationSettings {
  @Field(() => EmailNotificationMode, { description: 'How notification emails are sent; INSTANT until the user chooses.' })
  emailMode: EmailNotificationMode;
}

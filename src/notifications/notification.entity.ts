import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';
import { EmailState, NotificationType } from './notification.enums';

/**
 * One notification for one recipient. At most one per (recipient, type, post) for the
 * per-post types, so a MENTION is sent once per post even if the post is edited.
 */
@Entity('notifications')
@Index('notifications_recipient_created_idx', ['recipientId', 'createdAt', 'id'])
@Index('notifications_unread_idx', ['recipientId'], { where: 'read_at IS NULL' })
@Index('notifications_email_idx', ['emailState', 'createdAt'], { where: `email_state IN ('PENDING', 'DIGEST', 'SENDING')` })
@Index('notifications_once_per_post', ['recipientId', 'type', 'postId'], {
  unique: true,
  where: `type IN ('REPLY', 'MENTION', 'ANSWER_ACCEPTED') AND post_id IS NOT NULL`,
})
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  recipientId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id' })
  recipient?: UserEntity;

  @Column({ type: 'enum', enum: NotificationType, enumName: 'notification_type' })
  type: NotificationType;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_id' })
  actor?: UserEntity;

  /** Ids of what the notification is about; resolved (or not) at read time. */
  @Column({ type: 'uuid', nullable: true })
  threadId: string | null;

  @Column({ type: 'uuid', nullable: true })
  postId: string | null;

  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'uuid', nullable: true })
  membershipId: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  readAt: Date | null;

  @Column({ type: 'enum', enum: EmailState, enumName: 'notification_email_state', default: EmailState.NONE })
  emailState: EmailState;

  @Column({ type: 'int', default: 0 })
  emailAttempts: number;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailClaimedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  emailError: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

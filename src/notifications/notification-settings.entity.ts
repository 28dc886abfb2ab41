import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';
import { DEFAULT_EMAIL_MODE, EmailNotificationMode } from './notification.enums';

/** Per-user notification preferences. */
@Entity('notification_settings')
export class NotificationSettingsEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'enum', enum: EmailNotificationMode, enumName: 'email_notification_mode', default: DEFAULT_EMAIL_MODE })
  emailMode: EmailNotificationMode;

  /** When the last daily digest went out (set when DAILY_DIGEST is chosen: the first one comes a day later). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastDigestAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

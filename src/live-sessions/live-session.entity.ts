import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Sector, VisibilityScope } from '../access/roles';
import { TopicEntity } from '../forum/topics/topic.entity';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { UserEntity } from '../identity/users/user.entity';
import { LiveSessionStatus } from './live-session.enums';

/**
 * A live session. Its visibility follows the shared policy with `createdById` as the author
 * (the scheduler, always one of the hosts). `rsvpCount` and `messageCount` are counters kept
 * by `LiveSessionsRepository` in the transaction of the change; `reminderSentAt` marks the
 * SESSION_STARTING reminder as sent (the scheduler claims rows with FOR UPDATE SKIP LOCKED).
 */
@Entity('live_sessions')
@Index('live_sessions_start_idx', ['scheduledStartAt', 'id'])
@Index('live_sessions_status_start_idx', ['status', 'scheduledStartAt', 'id'])
@Index('live_sessions_topic_start_idx', ['topicId', 'scheduledStartAt', 'id'])
@Index('live_sessions_reminder_due_idx', ['scheduledStartAt'], { where: `"status" = 'SCHEDULED' AND "reminder_sent_at" IS NULL` })
export class LiveSessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  /** Markdown as written. */
  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  descriptionHtml: string;

  @Column({ type: 'uuid' })
  topicId: string;

  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: TopicEntity;

  /** The scheduler: the "author" of the visibility rule, and a host. */
  @Column({ type: 'uuid' })
  createdById: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy?: UserEntity;

  @Column({ type: 'text', default: 'en' })
  language: string;

  @Column({ type: 'timestamptz', precision: 3 })
  scheduledStartAt: Date;

  @Column({ type: 'timestamptz', precision: 3 })
  scheduledEndAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  endedAt: Date | null;

  @Column({ type: 'enum', enum: LiveSessionStatus, enumName: 'live_session_status', default: LiveSessionStatus.SCHEDULED })
  status: LiveSessionStatus;

  @Column({ type: 'enum', enum: VisibilityScope, enumName: 'visibility_scope', default: VisibilityScope.PUBLIC })
  visibilityScope: VisibilityScope;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector', array: true, default: () => "'{}'" })
  visibilitySectors: Sector[];

  /** Most RSVPs accepted; null: unlimited. */
  @Column({ type: 'int', nullable: true })
  capacity: number | null;

  @Column({ type: 'int', default: 0 })
  rsvpCount: number;

  @Column({ type: 'int', default: 0 })
  slowModeSeconds: number;

  @Column({ type: 'text', nullable: true })
  summary: string | null;

  @Column({ type: 'uuid', nullable: true })
  archiveThreadId: string | null;

  @ManyToOne(() => ThreadEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'archive_thread_id' })
  archiveThread?: ThreadEntity;

  /** When the SESSION_STARTING reminder went out (null: not yet; reset when the start moves). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reminderSentAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  /** Hosts' user ids in order (loaded by the repository, not a column). */
  hostIds?: string[];
}

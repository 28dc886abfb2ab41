import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FlagReason, FlagStatus, FlagTarget } from './moderation.enums';

/**
 * A user's flag on a thread, post or user: one per reporter and target (a second is CONFLICT);
 * the rows are also what the daily flag limit counts. Resolving a target resolves all its open flags.
 */
@Entity('flags')
@Index('flags_reporter_target_key', ['reporterId', 'targetType', 'targetId'], { unique: true })
@Index('flags_reporter_created_idx', ['reporterId', 'createdAt'])
@Index('flags_status_target_idx', ['status', 'targetType', 'targetId'])
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: FlagTarget, enumName: 'flag_target' })
  targetType: FlagTarget;

  @Column({ type: 'uuid' })
  targetId: string;

  @Column({ type: 'enum', enum: FlagReason, enumName: 'flag_reason' })
  reason: FlagReason;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'uuid' })
  reporterId: string;

  @Column({ type: 'enum', enum: FlagStatus, enumName: 'flag_status', default: FlagStatus.OPEN })
  status: FlagStatus;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedById: string | null;

  @Column({ type: 'text', nullable: true })
  resolutionNote: string | null;
}

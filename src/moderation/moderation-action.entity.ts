import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { FlagTarget, ModerationActionKind } from './moderation.enums';

/**
 * The moderation log: one row per moderator action, written in the transaction of the action.
 * Append-only: a trigger (migration `Moderation`) refuses UPDATE, DELETE and TRUNCATE.
 */
@Entity('moderation_actions')
@Index('moderation_actions_created_idx', ['createdAt', 'id'])
@Index('moderation_actions_target_idx', ['targetId', 'createdAt', 'id'])
export class ModerationActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The moderator (null if their account was ever removed). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'enum', enum: ModerationActionKind, enumName: 'moderation_action_kind' })
  action: ModerationActionKind;

  @Column({ type: 'enum', enum: FlagTarget, enumName: 'flag_target' })
  targetType: FlagTarget;

  @Column({ type: 'uuid' })
  targetId: string;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** Values before and after, e.g. `{ fromTopicId, toTopicId }` or `{ until }`. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

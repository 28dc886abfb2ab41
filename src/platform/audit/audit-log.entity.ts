import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of privileged decisions: membership decisions, org-role and platform
 * role changes. Written in the same transaction as the change it records.
 */
@Entity('audit_log')
@Index('audit_log_target_idx', ['targetType', 'targetId', 'createdAt'])
@Index('audit_log_actor_idx', ['actorId', 'createdAt'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Who did it; null for the system (bootstrap, jobs). */
  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  /** What was done, e.g. `membership.approve`, `membership.reject`, `membership.role`, `user.role`. */
  @Column({ type: 'text' })
  action: string;

  /** Kind of the thing acted on, e.g. `MEMBERSHIP`, `USER`. */
  @Column({ type: 'text' })
  targetType: string;

  @Column({ type: 'uuid' })
  targetId: string;

  /** Before/after values and context (client-safe, no secrets). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  details: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

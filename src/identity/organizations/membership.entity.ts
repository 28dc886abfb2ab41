import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrgRole } from '../../access/roles';
import { UserEntity } from '../users/user.entity';
import { OrganizationEntity } from './organization.entity';

export enum MembershipStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

export { OrgRole };

/**
 * A user's membership of an organization. At most one APPROVED membership per user (partial
 * unique index) and one PENDING request per user and organization.
 */
@Entity('memberships')
@Index('memberships_one_approved_per_user', ['userId'], { unique: true, where: `"status" = 'APPROVED'` })
@Index('memberships_one_pending_per_org', ['userId', 'organizationId'], { unique: true, where: `"status" = 'PENDING'` })
@Index(['organizationId', 'status'])
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'uuid' })
  organizationId: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id' })
  organization?: OrganizationEntity;

  @Column({ type: 'enum', enum: MembershipStatus, enumName: 'membership_status', default: MembershipStatus.PENDING })
  status: MembershipStatus;

  @Column({ type: 'enum', enum: OrgRole, enumName: 'org_role', default: OrgRole.MEMBER })
  orgRole: OrgRole;

  @Column({ type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Sector } from '../../access/roles';

@Entity('organizations')
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('organizations_name_key', { unique: true })
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  acronym: string | null;

  @Index()
  @Column({ type: 'enum', enum: Sector, enumName: 'sector' })
  sector: Sector;

  /** ISO 3166-1 alpha-2; null for international bodies. */
  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  /** Verified email domains of the organization (lower-case). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  emailDomains: string[];

  @Column({ type: 'boolean', default: true })
  verified: boolean;

  /** Denormalized count of APPROVED memberships, kept in the membership transaction. */
  @Column({ type: 'int', default: 0 })
  memberCount: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

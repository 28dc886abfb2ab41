import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Role } from '../../access/roles';

/** A person's account. Never exposed directly: `User` (GraphQL) is mapped from it. */
@Entity('users')
@Check('users_email_lower', `"email" = lower("email")`)
@Check('users_handle_lower', `"handle" = lower("handle")`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so unique case-insensitively. */
  @Index('users_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  /** Lower-case, URL-safe. */
  @Index('users_handle_key', { unique: true })
  @Column({ type: 'text' })
  handle: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text' })
  passwordHash: string;

  /**
   * When the owner proved they receive mail at `email` (a `verifyEmail` link, or a password reset
   * by mail); null until then. Accounts older than email verification were marked verified.
   */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  emailVerifiedAt: Date | null;

  /**
   * A new address asked for with `changeEmail`, not verified yet: `email` stays in force (sign-in,
   * mail) until the link sent to this one is followed. Null when no change is pending.
   */
  @Column({ type: 'text', nullable: true })
  pendingEmail: string | null;

  @Column({ type: 'enum', enum: Role, enumName: 'user_role', default: Role.MEMBER })
  role: Role;

  @Column({ type: 'char', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  suspendedUntil: Date | null;

  /** Sample people loaded by the demo seed. */
  @Column({ type: 'boolean', default: false })
  isDemo: boolean;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

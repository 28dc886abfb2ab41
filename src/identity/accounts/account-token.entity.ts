import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../users/user.entity';

/** What an account token proves when it comes back. */
export enum AccountTokenPurpose {
  /** The owner receives mail at `email` (registration, `resendVerificationEmail`, `changeEmail`). */
  VERIFY_EMAIL = 'VERIFY_EMAIL',
  /** The owner may set a new password (`requestPasswordReset`). */
  RESET_PASSWORD = 'RESET_PASSWORD',
}

/**
 * A single-use, expiring token sent by mail. Only its SHA-256 hash is stored: the raw token
 * exists in the mail (and, for a moment, in memory) only. Used rows stay until the account is
 * deleted (a used or expired token answers like an unknown one).
 */
@Entity('account_tokens')
export class AccountTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('account_tokens_user_idx')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'enum', enum: AccountTokenPurpose, enumName: 'account_token_purpose' })
  purpose: AccountTokenPurpose;

  @Index('account_tokens_hash_key', { unique: true })
  @Column({ type: 'text' })
  tokenHash: string;

  /** The address the token was mailed to: verifying it makes this the account's email. */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'timestamptz', precision: 3 })
  expiresAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

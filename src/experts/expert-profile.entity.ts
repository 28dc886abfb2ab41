import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';
import { ExpertStatus } from './expert-status.enum';

/**
 * Generated search document of a profile: the user's name (weight A), headline (B) and bio (C),
 * stemmed in the language the profile is written in (`forum_ts_config`, as thread search).
 */
export const EXPERT_SEARCH_EXPRESSION =
  "setweight(to_tsvector(forum_ts_config(language), coalesce(display_name, '')), 'A') || setweight(to_tsvector(forum_ts_config(language), coalesce(headline, '')), 'B') || setweight(to_tsvector(forum_ts_config(language), coalesce(bio, '')), 'C')";

/**
 * A user's expert profile (at most one per user). Its counters (reputation, answers, accepted
 * answers) live in `user_reputation`, kept for every user by the experts feature.
 */
@Entity('expert_profiles')
@Index('expert_profiles_user_key', ['userId'], { unique: true })
@Index('expert_profiles_status_queue_idx', ['status', 'submittedAt', 'id'])
@Index('expert_profiles_countries_idx', ['countries'], { type: 'gin' })
@Index('expert_profiles_search_idx', ['searchVector'], { type: 'gin' })
export class ExpertProfileEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  userId: string;

  /** The owner (one profile per user: unique index). */
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @Column({ type: 'text' })
  headline: string;

  /** Markdown as written. */
  @Column({ type: 'text' })
  bio: string;

  /** Rendered and sanitized at write time. */
  @Column({ type: 'text' })
  bioHtml: string;

  /** BCP-47 tag of the language headline and bio are written in: picks the search configuration. */
  @Column({ type: 'text', default: 'en' })
  language: string;

  /** Copy of users.display_name for the search document (kept by a trigger on users). */
  @Column({ type: 'text' })
  displayName: string;

  /** ISO 3166-1 alpha-2 codes of countries of field experience. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  countries: string[];

  /** BCP-47 tags of the languages the expert answers in. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  @Column({ type: 'enum', enum: ExpertStatus, enumName: 'expert_status', default: ExpertStatus.PENDING })
  status: ExpertStatus;

  @Column({ type: 'boolean', default: true })
  availableForQuestions: boolean;

  /** Note of the latest review (shown to the owner and staff only). */
  @Column({ type: 'text', nullable: true })
  reviewNote: string | null;

  @Column({ type: 'uuid', nullable: true })
  reviewedById: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewed_by_id' })
  reviewedBy?: UserEntity;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  reviewedAt: Date | null;

  /** First verification (kept across later edits). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  verifiedAt: Date | null;

  /** When the current application was submitted (the review queue's order). */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  submittedAt: Date;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: EXPERT_SEARCH_EXPRESSION, nullable: true })
  searchVector?: string;
}

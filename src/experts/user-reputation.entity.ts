import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';

/**
 * A user's standing from their answers (replies in QUESTION threads), kept for every user who
 * answered, expert or not (an application later starts from their real history). Changed only
 * by `ReputationRepository`, with atomic increments in the transaction of the reply, vote,
 * acceptance or deletion; never recomputed when read.
 */
@Entity('user_reputation')
export class UserReputationEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @OneToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /** +10 per upvote and −2 per downvote on the user's answers, +15 per accepted answer. */
  @Column({ type: 'int', default: 0 })
  reputation: number;

  /** Answers that are not deleted. */
  @Column({ type: 'int', default: 0 })
  answerCount: number;

  /** Answers currently accepted (by someone other than their author). */
  @Column({ type: 'int', default: 0 })
  acceptedAnswerCount: number;

  /** When the user last answered a question ("recent activity"). */
  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  lastAnsweredAt: Date | null;

  @UpdateDateColumn({ type: 'timestamptz', precision: 3 })
  updatedAt: Date;
}

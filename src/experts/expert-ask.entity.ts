import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ThreadEntity } from '../forum/threads/thread.entity';
import { UserEntity } from '../identity/users/user.entity';

/**
 * One `askExpert`: an asker asked an expert (by user id) to answer a thread. Durable, so the ask
 * limits are exact across instances; once per expert and thread (unique). `firstReplyAt` is the
 * expert's first reply in the thread after the ask (responsiveness).
 */
@Entity('expert_asks')
@Index('expert_asks_thread_expert_key', ['threadId', 'expertId'], { unique: true })
@Index('expert_asks_thread_created_idx', ['threadId', 'createdAt'])
@Index('expert_asks_asker_created_idx', ['askerId', 'createdAt'])
@Index('expert_asks_expert_created_idx', ['expertId', 'createdAt'])
export class ExpertAskEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  threadId: string;

  @ManyToOne(() => ThreadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: ThreadEntity;

  /** The expert's user id. */
  @Column({ type: 'uuid' })
  expertId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'expert_id' })
  expert?: UserEntity;

  @Column({ type: 'uuid' })
  askerId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'asker_id' })
  asker?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  firstReplyAt: Date | null;
}

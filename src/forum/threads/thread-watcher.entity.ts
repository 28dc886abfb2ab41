import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from '../../identity/users/user.entity';
import { ThreadEntity } from './thread.entity';

/** A user following a thread: they get REPLY notifications. Authors watch their threads. */
@Entity('thread_watchers')
@Index('thread_watchers_user_idx', ['userId'])
export class ThreadWatcherEntity {
  @PrimaryColumn({ type: 'uuid' })
  threadId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => ThreadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: ThreadEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

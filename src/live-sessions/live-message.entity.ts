import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';
import { LiveSessionEntity } from './live-session.entity';

/**
 * A chat message. `seq` is the seq of its `live.message` event in the room `session:<id>`,
 * stored with it in one statement (`RoomEventsService.storeWithRow`).
 */
@Entity('live_messages')
@Index('live_messages_session_seq_key', ['sessionId', 'seq'], { unique: true })
@Index('live_messages_author_idempotency_key', ['authorId', 'idempotencyKey'], { unique: true })
export class LiveMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => LiveSessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id' })
  session?: LiveSessionEntity;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;

  @Column({ type: 'bigint' })
  seq: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text', nullable: true })
  requestHash: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

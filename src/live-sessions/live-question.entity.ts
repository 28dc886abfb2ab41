import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { UserEntity } from '../identity/users/user.entity';
import { LiveQuestionStatus } from './live-session.enums';
import { LiveSessionEntity } from './live-session.entity';

/** A question of a session's queue; `upvotes` is kept with `live_question_upvotes` in one transaction. */
@Entity('live_questions')
@Index('live_questions_session_top_idx', ['sessionId', 'upvotes', 'createdAt'])
@Index('live_questions_session_created_idx', ['sessionId', 'createdAt'])
export class LiveQuestionEntity {
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

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'int', default: 0 })
  upvotes: number;

  @Column({ type: 'enum', enum: LiveQuestionStatus, enumName: 'live_question_status', default: LiveQuestionStatus.OPEN })
  status: LiveQuestionStatus;

  /** The answer as the host marked it (Markdown), when ANSWERED with one. */
  @Column({ type: 'text', nullable: true })
  answer: string | null;

  @Column({ type: 'text', nullable: true })
  answerHtml: string | null;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  answeredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** One upvote per user and question. */
@Entity('live_question_upvotes')
export class LiveQuestionUpvoteEntity {
  @PrimaryColumn({ type: 'uuid' })
  questionId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => LiveQuestionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'question_id' })
  question?: LiveQuestionEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

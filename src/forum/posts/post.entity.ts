import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ThreadEntity } from '../threads/thread.entity';
import { UserEntity } from '../../identity/users/user.entity';

/** Generated search document of a reply, in its thread's language. Empty once deleted. */
export const POST_SEARCH_EXPRESSION = "setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')";

/** A reply in a thread, optionally to another reply of the same thread (`parentId`). */
@Entity('posts')
@Index('posts_thread_order_idx', ['threadId', 'createdAt', 'id'])
@Index('posts_parent_idx', ['parentId'])
@Index('posts_author_idx', ['authorId', 'createdAt'])
@Index('posts_search_idx', ['searchVector'], { type: 'gin' })
@Index('posts_search_recent_idx', ['createdAt', 'id'])
@Index('posts_author_idempotency_key', ['authorId', 'idempotencyKey'], { unique: true })
export class PostEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  threadId: string;

  @ManyToOne(() => ThreadEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_id' })
  thread?: ThreadEntity;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => PostEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: PostEntity;

  /** Markdown; emptied when deleted (earlier versions stay in post_revisions). */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  bodyHtml: string;

  /** Copied from the thread (which cannot change language): picks the search configuration. */
  @Column({ type: 'text', default: 'en' })
  language: string;

  /** Sum of votes, kept in the vote's transaction. */
  @Column({ type: 'int', default: 0 })
  score: number;

  @Column({ type: 'boolean', default: false })
  accepted: boolean;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  deletedAt: Date | null;

  /** Hidden by moderation: shown (marked hidden) to MODERATOR and ADMIN only. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  /** Number of edits: the latest stored revision has this version number. */
  @Column({ type: 'int', default: 0 })
  editCount: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text', nullable: true })
  requestHash: string | null;

  @Column({ type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: POST_SEARCH_EXPRESSION, nullable: true })
  searchVector?: string;
}

/** A reply's columns as reads use them (no relations, no idempotency or search columns): what lists read without hydration. */
export type PostFields = Omit<PostEntity, 'thread' | 'author' | 'parent' | 'language' | 'deletedAt' | 'idempotencyKey' | 'requestHash' | 'searchVector'>;

import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Sector, VisibilityScope } from '../../access/roles';
import { TopicEntity } from '../topics/topic.entity';
import { UserEntity } from '../../identity/users/user.entity';
import { ThreadKind } from './thread-kind.enum';

/** Generated search document: title (weight A) above body (B), in the thread's language. */
export const THREAD_SEARCH_EXPRESSION =
  "setweight(to_tsvector(forum_ts_config(language), coalesce(title, '')), 'A') || setweight(to_tsvector(forum_ts_config(language), coalesce(body, '')), 'B')";

/**
 * A discussion. Every list order has an index (pinned first, then the order's key, then id);
 * filters by topic, kind, author, tag and "unanswered" have theirs; counts of what a viewer may
 * see read a covering index of the visibility columns.
 */
@Entity('threads')
@Index('threads_activity_idx', ['pinned', 'lastActivityAt', 'id'])
@Index('threads_newest_idx', ['pinned', 'createdAt', 'id'])
@Index('threads_top_idx', ['pinned', 'score', 'lastActivityAt', 'id'])
@Index('threads_topic_activity_idx', ['topicId', 'pinned', 'lastActivityAt', 'id'])
@Index('threads_topic_newest_idx', ['topicId', 'pinned', 'createdAt', 'id'])
@Index('threads_topic_top_idx', ['topicId', 'pinned', 'score', 'lastActivityAt', 'id'])
@Index('threads_kind_activity_idx', ['kind', 'pinned', 'lastActivityAt', 'id'])
@Index('threads_kind_newest_idx', ['kind', 'pinned', 'createdAt', 'id'])
@Index('threads_kind_top_idx', ['kind', 'pinned', 'score', 'lastActivityAt', 'id'])
@Index('threads_last_poster_idx', ['lastPosterId'])
@Index('threads_unanswered_idx', ['pinned', 'lastActivityAt', 'id'], { where: `"kind" = 'QUESTION' AND "accepted_post_id" IS NULL` })
@Index('threads_author_idx', ['authorId', 'createdAt', 'id'])
@Index('threads_tags_idx', ['tags'], { type: 'gin' })
@Index('threads_search_idx', ['searchVector'], { type: 'gin' })
@Index('threads_search_recent_idx', ['createdAt', 'id'])
@Index('threads_author_idempotency_key', ['authorId', 'idempotencyKey'], { unique: true })
// (visibility_scope, topic_id) INCLUDE (author_id, visibility_sectors) WHERE NOT hidden: index-only counts of visible threads (migration 1795850000000)
@Index('threads_visible_count_idx', { synchronize: false })
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: ThreadKind, enumName: 'thread_kind' })
  kind: ThreadKind;

  @Column({ type: 'text' })
  title: string;

  /** Markdown as written. */
  @Column({ type: 'text' })
  body: string;

  /** Rendered and sanitized at write time. */
  @Column({ type: 'text' })
  bodyHtml: string;

  @Column({ type: 'uuid' })
  authorId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'author_id' })
  author?: UserEntity;

  @Column({ type: 'uuid' })
  topicId: string;

  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: TopicEntity;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'enum', enum: VisibilityScope, enumName: 'visibility_scope', default: VisibilityScope.PUBLIC })
  visibilityScope: VisibilityScope;

  @Column({ type: 'enum', enum: Sector, enumName: 'sector', array: true, default: () => "'{}'" })
  visibilitySectors: Sector[];

  /** BCP-47 tag; also picks the full-text search configuration. Not editable. */
  @Column({ type: 'text', default: 'en' })
  language: string;

  @Column({ type: 'uuid', nullable: true })
  acceptedPostId: string | null;

  @ManyToOne('PostEntity', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'accepted_post_id' })
  acceptedPost?: object;

  @Column({ type: 'boolean', default: false })
  locked: boolean;

  @Column({ type: 'boolean', default: false })
  pinned: boolean;

  /** Hidden by moderation: shown (marked hidden) to MODERATOR and ADMIN only. */
  @Column({ type: 'boolean', default: false })
  hidden: boolean;

  /** Replies that are neither deleted nor hidden by moderation: what members see (and rooms carry). */
  @Column({ type: 'int', default: 0 })
  postCount: number;

  /** Replies hidden by moderation and not deleted: added to `postCount` for MODERATOR and ADMIN only. */
  @Column({ type: 'int', default: 0 })
  hiddenPostCount: number;

  /** Sum of the scores of the visible replies (neither deleted nor hidden): the TOP order. */
  @Column({ type: 'int', default: 0 })
  score: number;

  /** Creation, or the latest visible reply (a hidden reply does not bump a thread). */
  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  lastActivityAt: Date;

  /** Author of the latest visible reply (never of a hidden or deleted one). */
  @Column({ type: 'uuid', nullable: true })
  lastPosterId: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'last_poster_id' })
  lastPoster?: UserEntity;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ type: 'timestamptz', precision: 3, nullable: true })
  editedAt: Date | null;

  /** Client retry key, unique per author; `requestHash` is the hash of the creating request. */
  @Column({ type: 'text', nullable: true })
  idempotencyKey: string | null;

  @Column({ type: 'text', nullable: true })
  requestHash: string | null;

  @Column({ type: 'tsvector', select: false, insert: false, update: false, generatedType: 'STORED', asExpression: THREAD_SEARCH_EXPRESSION, nullable: true })
  searchVector?: string;
}

/** A thread's columns as reads use them (no relations, no idempotency columns): what lists read without hydration. */
export type ThreadFields = Omit<ThreadEntity, 'author' | 'topic' | 'acceptedPost' | 'lastPoster' | 'idempotencyKey' | 'requestHash' | 'searchVector'>;

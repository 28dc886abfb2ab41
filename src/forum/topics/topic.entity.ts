import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** A node of the topic tree. Roots have no parent. */
@Entity('topics')
@Index('topics_parent_position_idx', ['parentId', 'position'])
export class TopicEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Lower-case, URL-safe, unique across the whole tree. */
  @Index('topics_slug_key', { unique: true })
  @Column({ type: 'text' })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: TopicEntity;

  /** Order among siblings (the seeded tree keeps the order of the product brief). */
  @Column({ type: 'int', default: 0 })
  position: number;

  /**
   * All threads in this topic and its subtopics, kept in the thread's transaction. What a
   * viewer may see (`Topic.threadCount`) is counted at read time through the access policy.
   */
  @Column({ type: 'int', default: 0 })
  threadCount: number;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

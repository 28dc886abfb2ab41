import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TopicEntity } from './topic.entity';

/**
 * Thread counts of a topic (subtopics included) per audience, so that `Topic.threadCount`
 * shows each viewer only the threads they may see without counting at read time.
 * audience: PUBLIC, MEMBERS, or a sector name (threads restricted to that sector).
 */
@Entity('topic_thread_counts')
export class TopicThreadCountEntity {
  @PrimaryColumn({ type: 'uuid' })
  topicId: string;

  @PrimaryColumn({ type: 'text' })
  audience: string;

  @ManyToOne(() => TopicEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'topic_id' })
  topic?: TopicEntity;

  @Column({ type: 'int', default: 0 })
  threadCount: number;
}

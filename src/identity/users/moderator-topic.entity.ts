import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { UserEntity } from './user.entity';

/**
 * A topic a MODERATOR is limited to (with its subtopics), set by an ADMIN (`setModeratorTopics`).
 * A MODERATOR without rows moderates every topic. Read with the Viewer on every request
 * (`ViewerService`), which expands the subtrees, so topics added later are covered at once.
 */
@Entity('moderator_topics')
@Index('moderator_topics_topic_idx', ['topicId'])
export class ModeratorTopicEntity {
  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'uuid' })
  topicId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;

  /**
   * Named, not imported: topics stand on a higher floor (the forum). RESTRICT: removing a topic
   * must never silently turn a limited moderator into an unrestricted one.
   */
  @ManyToOne('TopicEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: object;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

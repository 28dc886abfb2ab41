import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { TopicEntity } from '../forum/topics/topic.entity';
import { ExpertProfileEntity } from './expert-profile.entity';

/** A topic of an expert's expertise (1 to 10 per profile), in the order the expert gave. */
@Entity('expert_topics')
@Index('expert_topics_topic_idx', ['topicId'])
export class ExpertTopicEntity {
  @PrimaryColumn({ type: 'uuid' })
  profileId: string;

  @PrimaryColumn({ type: 'uuid' })
  topicId: string;

  @ManyToOne(() => ExpertProfileEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'profile_id' })
  profile?: ExpertProfileEntity;

  @ManyToOne(() => TopicEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'topic_id' })
  topic?: TopicEntity;

  @Column({ type: 'smallint', default: 0 })
  position: number;
}

import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TopicEntity } from './topic.entity';
import { Node } from '../../platform/graphql/node.interface';

/** A node of the topic tree. `parent`, `children` and `threadCount` are field resolvers. */
@ObjectType('Topic', { implements: () => [Node] })
export class Topic implements Node {
  @Field(() => ID)
  id: string;

  @Field()
  slug: string;

  @Field()
  name: string;

  @Field()
  description: string;

  parentId: string | null;
  /** All threads (staff view); viewers see their audience's count. */
  totalThreadCount: number;

  static fromEntity(e: TopicEntity): Topic {
    const t = new Topic();
    t.id = e.id;
    t.slug = e.slug;
    t.name = e.name;
    t.description = e.description;
    t.parentId = e.parentId;
    t.totalThreadCount = e.threadCount;
    return t;
  }
}

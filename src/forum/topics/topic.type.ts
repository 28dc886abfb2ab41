import { Field, ID, ObjectType } from '@nestjs/graphql';
import { TopicEntity } from './topic.entity';
import { Node } from '../../platform/graphql/node.interface';

/** A node of the topic tree. `parent`, `children` and `threadCount` are field resolvers. */
@ObjectType('Topic', {
  implements: () => [Node],
  description: 'A node of the topic tree (for example "Mercury-free processing" > "Gravity concentration"); threads are posted in topics. Public.',
})
export class Topic implements Node {
  @Field(() => ID, { description: 'Global id of the topic (a UUID), usable with `node(id:)`.' })
  id: string;

  @Field({ description: 'Unique URL-friendly name (lower-case words of letters and digits joined by "-"), for `topic(slug:)`.' })
  slug: string;

  @Field({ description: 'Display name, 2 to 80 characters.' })
  name: string;

  @Field({ description: 'Plain-text description of what belongs in the topic; empty when none.' })
  description: string;

  parentId: string | null;
  /** All threads (staff view); viewers see their audience's count. */
  totalThreadCount: number;

  /** A topic from a row selected with `topicColumnsSql(alias, prefix)` (`TopicsRepository`). */
  static fromRow(row: Record<string, unknown>, prefix = ''): Topic {
    const t = new Topic();
    t.id = row[`${prefix}id`] as string;
    t.slug = row[`${prefix}slug`] as string;
    t.name = row[`${prefix}name`] as string;
    t.description = row[`${prefix}description`] as string;
    t.parentId = (row[`${prefix}parent_id`] as string | null) ?? null;
    t.totalThreadCount = Number(row[`${prefix}thread_count`]);
    return t;
  }

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

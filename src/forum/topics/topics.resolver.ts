import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles } from '../../access/access.decorators';
import { Role } from '../../access/roles';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { CreateTopicInput } from './dto/create-topic.input';
import { Topic } from './topic.type';
import { TopicsService } from './topics.service';

@Resolver(() => Topic)
export class TopicsResolver {
  constructor(private readonly service: TopicsService) {}

  @Public()
  @Query(() => [Topic], { description: 'Root topics, in display order (their subtopics through `children`). Anyone may call it.' })
  topics(): Promise<Topic[]> {
    return this.service.roots();
  }

  @Public()
  @Query(() => Topic, { nullable: true, description: 'One topic by slug; null when no topic has it. Anyone may call it.' })
  topic(@Args('slug', { description: 'Slug of the topic, for example "retorts".' }) slug: string): Promise<Topic | null> {
    return this.service.bySlug(slug);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Topic, {
    description:
      'Adds a topic, under `parentId` or as a root, after its siblings. ADMIN only (`FORBIDDEN` otherwise). `CONFLICT` when the slug is taken; `NOT_FOUND` for an unknown parent.',
  })
  createTopic(@Args('input', { description: 'The new topic.' }) input: CreateTopicInput): Promise<Topic> {
    return this.service.create(input);
  }

  @ResolveField(() => Topic, { nullable: true, description: 'The parent topic; null for a root topic.' })
  parent(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic | null> {
    return topic.parentId ? this.service.load(loaders, topic.parentId) : Promise.resolve(null);
  }

  @ResolveField(() => [Topic], { description: 'Direct subtopics, in display order; empty for a leaf.' })
  children(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.service.children(loaders, topic.id);
  }
}

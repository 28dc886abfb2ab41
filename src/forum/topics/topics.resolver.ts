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
  @Query(() => [Topic], { description: 'Root topics (with their children through `children`).' })
  topics(): Promise<Topic[]> {
    return this.service.roots();
  }

  @Public()
  @Query(() => Topic, { nullable: true })
  topic(@Args('slug') slug: string): Promise<Topic | null> {
    return this.service.bySlug(slug);
  }

  @Roles(Role.ADMIN)
  @Mutation(() => Topic, { description: 'ADMIN: adds a topic (under `parentId`, or as a root).' })
  createTopic(@Args('input') input: CreateTopicInput): Promise<Topic> {
    return this.service.create(input);
  }

  @ResolveField(() => Topic, { nullable: true })
  parent(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic | null> {
    return topic.parentId ? this.service.load(loaders, topic.parentId) : Promise.resolve(null);
  }

  @ResolveField(() => [Topic])
  children(@Parent() topic: Topic, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.service.children(loaders, topic.id);
  }
}

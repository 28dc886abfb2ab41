import { Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { Topic } from '../topics/topic.type';
import { ThreadListService } from './thread-list.service';

/** The fields of Topic that come from its threads. */
@Resolver(() => Topic)
export class TopicThreadsResolver {
  constructor(private readonly list: ThreadListService) {}

  @ResolveField(() => Int, { description: 'Threads in this topic and its subtopics that the viewer may see.' })
  threadCount(@Parent() topic: Topic, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<number> {
    return this.list.threadCount(loaders, viewer, topic);
  }
}

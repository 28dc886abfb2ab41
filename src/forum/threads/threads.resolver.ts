import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, SignedIn } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { Topic } from '../topics/topic.type';
import { TopicsService } from '../topics/topics.service';
import { User } from '../../identity/users/user.type';
import { UsersService } from '../../identity/users/users.service';
import { CreateThreadInput, UpdateThreadInput } from './dto/create-thread.input';
import { ThreadsArgs } from './dto/thread-filter.input';
import { ThreadListService } from './thread-list.service';
import { Thread } from './thread.type';
import { ThreadAccess } from './thread-access.service';
import { ThreadsService } from './threads.service';

export const ThreadConnection = ConnectionType(Thread);

@Resolver(() => Thread)
export class ThreadsResolver {
  constructor(
    private readonly threadsService: ThreadsService,
    private readonly access: ThreadAccess,
    private readonly list: ThreadListService,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
  ) {}

  @Public()
  @Query(() => Thread, { nullable: true, description: 'Null when the thread does not exist or the viewer may not see it.' })
  thread(@CurrentViewer() viewer: Viewer | null, @Args('id', { type: () => ID }) id: string): Promise<Thread | null> {
    return this.access.findVisible(viewer, id);
  }

  @Public()
  @Query(() => ThreadConnection, { description: 'Pinned first, then by `orderBy` (default ACTIVITY); only threads the viewer may see.' })
  threads(@CurrentViewer() viewer: Viewer | null, @Args() args: ThreadsArgs) {
    return this.list.list(viewer, args);
  }

  @SignedIn()
  @Mutation(() => Thread)
  createThread(@CurrentViewer() viewer: Viewer, @Args('input') input: CreateThreadInput): Promise<Thread> {
    return this.threadsService.create(viewer, input);
  }

  @SignedIn()
  @Mutation(() => Thread, { description: 'The author, a MODERATOR or an ADMIN; sets editedAt.' })
  updateThread(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('input') input: UpdateThreadInput): Promise<Thread> {
    return this.threadsService.update(viewer, id, input);
  }

  @SignedIn()
  @Mutation(() => Thread, { description: 'Follow (or stop following) a thread: watchers get REPLY notifications.' })
  watchThread(@CurrentViewer() viewer: Viewer, @Args('threadId', { type: () => ID }) threadId: string, @Args('watching') watching: boolean): Promise<Thread> {
    return this.threadsService.setWatching(viewer, threadId, watching);
  }

  @ResolveField(() => User, { nullable: true })
  author(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.users.load(loaders, thread.authorId);
  }

  @ResolveField(() => User, { nullable: true, description: 'Author of the latest reply; null before any reply.' })
  lastPoster(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return thread.lastPosterId ? this.users.load(loaders, thread.lastPosterId) : Promise.resolve(null);
  }

  @ResolveField(() => Topic)
  async topic(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<Topic> {
    return (await this.topics.load(loaders, thread.topicId)) as Topic;
  }

  @ResolveField(() => Boolean, { description: 'Whether the viewer watches this thread (false when anonymous).' })
  viewerWatching(@Parent() thread: Thread, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<boolean> {
    return this.threadsService.viewerWatching(loaders, viewer, thread.id);
  }
}

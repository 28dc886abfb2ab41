import { Args, ID, Info, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { asksFor } from '../../platform/graphql/selection';
import { Public, SignedIn } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { answerReadAhead } from '../../platform/graphql/read-ahead';
import { ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { Topic } from '../topics/topic.type';
import { TopicsService } from '../topics/topics.service';
import { User } from '../../identity/users/user.type';
import { UsersService } from '../../identity/users/users.service';
import { asksForOrganization } from '../../identity/organizations/user-organization.resolver';
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
  @Query(() => Thread, { nullable: true, description: 'One thread by id; null when it does not exist or the viewer may not see it. Anyone may call it.' })
  async thread(
    @CurrentViewer() viewer: Viewer | null,
    @Loaders() loaders: LoaderRegistry,
    @Args('id', { type: () => ID, description: 'Id of the thread.' }) id: string,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Thread | null> {
    const row = await this.access.findVisibleWithRefs(viewer, id, { authorOrganization: asksForOrganization(info, 'author') });
    return row && this.list.present(loaders, viewer, row);
  }

  @Public()
  @Query(() => ThreadConnection, {
    description:
      'Threads the viewer may see (never hidden ones, except to MODERATOR and ADMIN), pinned first, then by `orderBy` (default ACTIVITY). Anyone may call it.',
  })
  threads(@CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry, @Args() args: ThreadsArgs, @Info() info: GraphQLResolveInfo) {
    return this.list.list(loaders, viewer, args, {
      totalCount: asksFor(info, 'totalCount'),
      authorOrganization: asksForOrganization(info, 'edges.node.author'),
      bodies: asksFor(info, 'edges.node.body') || asksFor(info, 'edges.node.bodyHtml'),
    });
  }

  @SignedIn()
  @Mutation(() => Thread, {
    description:
      'Starts a thread; its author watches it. Signed-in users (ANNOUNCEMENT: MODERATOR and ADMIN only, `FORBIDDEN` otherwise). ' +
      '`NOT_FOUND` for an unknown topic; `BAD_USER_INPUT` for invalid fields; `FORBIDDEN` for a sector restriction the caller may not set; ' +
      'with `idempotencyKey`, a retry returns the original thread and a different payload is `IDEMPOTENCY_CONFLICT`; ' +
      '`RATE_LIMITED` (with `retryAfterSeconds`) within the posting interval, for the same text again, or past the daily thread cap (MODERATOR and ADMIN exempt).',
  })
  createThread(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The new thread.' }) input: CreateThreadInput): Promise<Thread> {
    return this.threadsService.create(viewer, input);
  }

  @SignedIn()
  @Mutation(() => Thread, {
    description:
      'Edits a thread (title, body, tags, topic); sets `editedAt` when something changed. The author, a MODERATOR or an ADMIN (`FORBIDDEN` for others); ' +
      '`LOCKED` on a locked thread except for MODERATOR and ADMIN; `NOT_FOUND` when the thread (or the new topic) does not exist or the viewer may not see it.',
  })
  updateThread(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'Id of the thread.' }) id: string,
    @Args('input', { description: 'The fields to change.' }) input: UpdateThreadInput,
  ): Promise<Thread> {
    return this.threadsService.update(viewer, id, input);
  }

  @SignedIn()
  @Mutation(() => Thread, {
    description:
      'Follows (or stops following) a thread: watchers get REPLY notifications. Signed-in users; `NOT_FOUND` when the thread does not exist or the viewer may not see it.',
  })
  watchThread(
    @CurrentViewer() viewer: Viewer,
    @Args('threadId', { type: () => ID, description: 'Id of the thread.' }) threadId: string,
    @Args('watching', { description: 'True to follow the thread, false to stop.' }) watching: boolean,
  ): Promise<Thread> {
    return this.threadsService.setWatching(viewer, threadId, watching);
  }

  @ResolveField(() => User, {
    nullable: true,
    middleware: [answerReadAhead],
    description:
      'The user who started the thread. Never withheld (a thread has no tombstone, unlike a deleted `Post`): null only if the account no longer exists, which clients may show as a deleted account.',
  })
  author(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.users.load(loaders, thread.authorId);
  }

  @ResolveField(() => Int, {
    middleware: [answerReadAhead],
    description:
      'Number of replies that are not deleted. Replies hidden by moderation count only for MODERATOR and ADMIN (a topic-limited MODERATOR: in their topics), who see them listed; everyone else gets the number of replies they can see.',
  })
  postCount(@Parent() thread: Thread, @CurrentViewer() viewer: Viewer | null): number {
    return this.access.postCountFor(viewer, thread);
  }

  @ResolveField(() => User, { nullable: true, description: 'Author of the latest visible reply (neither deleted nor hidden by moderation); null when there is none.' })
  lastPoster(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return thread.lastPosterId ? this.users.load(loaders, thread.lastPosterId) : Promise.resolve(null);
  }

  @ResolveField(() => Topic, { middleware: [answerReadAhead], description: 'The topic the thread is in.' })
  async topic(@Parent() thread: Thread, @Loaders() loaders: LoaderRegistry): Promise<Topic> {
    return (await this.topics.load(loaders, thread.topicId)) as Topic;
  }

  @ResolveField(() => Boolean, { description: 'Whether the viewer watches this thread (false when anonymous).' })
  viewerWatching(@Parent() thread: Thread, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<boolean> {
    return this.threadsService.viewerWatching(loaders, viewer, thread.id);
  }
}

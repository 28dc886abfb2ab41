import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../access/access.decorators';
import { Role } from '../access/roles';
import { CurrentViewer, Viewer } from '../access/viewer';
import { PostAccess } from '../forum/posts/post-access.service';
import { Post } from '../forum/posts/post.type';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { Thread } from '../forum/threads/thread.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LiveSessionAccess } from '../live-sessions/live-session-access.service';
import { LiveMessage } from '../live-sessions/live-session.type';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { ConnectionType } from '../platform/graphql/pagination/connection.types';
import { FlagContentInput, ModerationQueueArgs } from './dto/flag-content.input';
import { Flag } from './flag.type';
import { FlagsService } from './flags.service';
import { FlagTarget } from './moderation.enums';

export const FlagConnection = ConnectionType(Flag);

@Resolver(() => Flag)
export class FlagsResolver {
  constructor(
    private readonly flags: FlagsService,
    private readonly users: UsersService,
    private readonly threadAccess: ThreadAccess,
    private readonly postAccess: PostAccess,
    private readonly liveAccess: LiveSessionAccess,
  ) {}

  @SignedIn()
  @Mutation(() => Flag, {
    description:
      'Flags a thread, reply, live chat message or user for the moderators. Once per user and target (`CONFLICT` for a second), at most 20 a day (`RATE_LIMITED` with `retryAfterSeconds`; also when the thread of a flagged thread or reply is too busy, as for `postReply`); `NOT_FOUND` for what the viewer may not see (a hidden message, or one of a session they may not see, included); `BAD_USER_INPUT` for flagging oneself. When FLAG_AUTO_HIDE_THRESHOLD (default 3) distinct users have open flags on a thread, reply or chat message, it is hidden at once pending review and its author is notified (MODERATION, about the thread or the live session).',
  })
  flagContent(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'What to flag and why.' }) input: FlagContentInput): Promise<Flag> {
    return this.flags.flag(viewer, input);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Query(() => FlagConnection, {
    description:
      'The review queue: flags of one status grouped by target (each node is the target\'s oldest flag, `flagCount` the group\'s size, `thread`/`post`/`liveMessage`/`user` the content as a moderator sees it), most-flagged first, then oldest first. MODERATOR and ADMIN. A topic-limited MODERATOR sees the targets in its topics only (no USER flags).',
  })
  moderationQueue(@CurrentViewer() viewer: Viewer, @Args() args: ModerationQueueArgs) {
    return this.flags.queue(viewer, args);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Flag, {
    description:
      'Resolves every open flag of this flag\'s target. `uphold: true`: the thread, reply or chat message stays or becomes hidden and its author is notified (MODERATION); `uphold: false`: content hidden only by flags is shown again. Logged. A flag already resolved is returned as it is. `NOT_FOUND` for an unknown flag. MODERATOR and ADMIN. A topic-limited MODERATOR resolves flags on targets of its topics only (`FORBIDDEN` elsewhere and for USER flags; `NOT_FOUND` when it may not see the target).',
  })
  resolveFlag(
    @CurrentViewer() viewer: Viewer,
    @Args('flagId', { type: () => ID, description: 'Any flag of the target.' }) flagId: string,
    @Args('uphold', { description: 'true to uphold the flags, false to reject them.' }) uphold: boolean,
    @Args('note', { type: () => String, nullable: true, description: 'Why (kept on the flags and in the moderation log; up to 1000 characters).' }) note?: string | null,
  ): Promise<Flag> {
    return this.flags.resolve(viewer, flagId, uphold, note);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who flagged it.' })
  reporter(@Parent() flag: Flag, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.users.load(loaders, flag.reporterId);
  }

  @ResolveField(() => User, { nullable: true, description: 'The moderator who resolved it; null while OPEN.' })
  resolvedBy(@Parent() flag: Flag, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return flag.resolvedById ? this.users.load(loaders, flag.resolvedById) : Promise.resolve(null);
  }

  @ResolveField(() => Thread, { nullable: true, description: 'The flagged thread (or the thread of the flagged reply) as the viewer may see it; null for other targets.' })
  async thread(@Parent() flag: Flag, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Thread | null> {
    if (flag.targetType === FlagTarget.THREAD) return this.threadAccess.loadVisible(loaders, viewer, flag.targetId);
    if (flag.targetType !== FlagTarget.POST) return null;
    const post = await this.postAccess.loadVisible(loaders, viewer, flag.targetId);
    return post ? this.threadAccess.loadVisible(loaders, viewer, post.threadId) : null;
  }

  @ResolveField(() => Post, { nullable: true, description: 'The flagged reply as the viewer may see it; null for other targets.' })
  post(@Parent() flag: Flag, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return flag.targetType === FlagTarget.POST ? this.postAccess.loadVisible(loaders, viewer, flag.targetId) : Promise.resolve(null);
  }

  @ResolveField(() => LiveMessage, { nullable: true, description: 'The flagged live chat message as the viewer may see it (hidden ones for MODERATOR and ADMIN); null for other targets.' })
  liveMessage(@Parent() flag: Flag, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<LiveMessage | null> {
    return flag.targetType === FlagTarget.LIVE_MESSAGE ? this.liveAccess.loadVisibleMessage(loaders, viewer, flag.targetId) : Promise.resolve(null);
  }

  @ResolveField(() => User, { nullable: true, description: 'The flagged user; null for other targets.' })
  user(@Parent() flag: Flag, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return flag.targetType === FlagTarget.USER ? this.users.load(loaders, flag.targetId) : Promise.resolve(null);
  }
}

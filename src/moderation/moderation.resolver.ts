import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../access/access.decorators';
import { RecordRules } from '../access/record-rules';
import { Role } from '../access/roles';
import { CurrentViewer, isSuspended, Viewer } from '../access/viewer';
import { Post } from '../forum/posts/post.type';
import { Thread } from '../forum/threads/thread.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { ConnectionArgs, ConnectionType } from '../platform/graphql/pagination/connection.types';
import { ModerationAction } from './moderation-action.type';
import { ModerationService } from './moderation.service';

export const ModerationActionConnection = ConnectionType(ModerationAction);

@Resolver(() => ModerationAction)
export class ModerationResolver {
  constructor(
    private readonly moderation: ModerationService,
    private readonly users: UsersService,
  ) {}

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Query(() => ModerationActionConnection, {
    description: 'The moderation log, newest first: every moderator action with actor, target, reason and time; of one target with `targetId`. Append-only. MODERATOR and ADMIN.',
  })
  moderationLog(
    @CurrentViewer() viewer: Viewer,
    @Args() args: ConnectionArgs,
    @Args('targetId', { type: () => ID, nullable: true, description: 'Only the actions on this thread, post or user.' }) targetId?: string | null,
  ) {
    return this.moderation.moderationLog(viewer, targetId, args);
  }

  @ResolveField(() => User, { nullable: true, description: 'The moderator who acted (null if the account no longer exists).' })
  actor(@Parent() action: ModerationAction, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return action.actorId ? this.users.load(loaders, action.actorId) : Promise.resolve(null);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Post, {
    description:
      'Hides a reply: from now on only MODERATOR and ADMIN see it (lists, counts, search, notifications, socket events and replays). Logged with the reason. `NOT_FOUND` for an unknown post; `BAD_USER_INPUT` without a reason. MODERATOR and ADMIN.',
  })
  hidePost(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The reply to hide.' }) id: string,
    @Args('reason', { description: 'Why (kept in the moderation log; 1 to 1000 characters).' }) reason: string,
  ): Promise<Post> {
    return this.moderation.setPostHidden(viewer, id, true, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Post, { description: 'Shows a hidden reply again (logged). `NOT_FOUND` for an unknown post. MODERATOR and ADMIN.' })
  unhidePost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID, description: 'The hidden reply.' }) id: string): Promise<Post> {
    return this.moderation.setPostHidden(viewer, id, false, null);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, {
    description: 'Locks a thread (only MODERATOR and ADMIN may then reply or edit: others get `LOCKED`) or unlocks it. Logged. `NOT_FOUND` for an unknown thread. MODERATOR and ADMIN.',
  })
  lockThread(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The thread.' }) id: string,
    @Args('locked', { description: 'true to lock, false to unlock.' }) locked: boolean,
    @Args('reason', { type: () => String, nullable: true, description: 'Why (kept in the moderation log; up to 1000 characters).' }) reason?: string | null,
  ): Promise<Thread> {
    return this.moderation.lockThread(viewer, id, locked, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, { description: 'Pins a thread (listed first in every order) or unpins it. Logged. `NOT_FOUND` for an unknown thread. MODERATOR and ADMIN.' })
  pinThread(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The thread.' }) id: string,
    @Args('pinned', { description: 'true to pin, false to unpin.' }) pinned: boolean,
  ): Promise<Thread> {
    return this.moderation.pinThread(viewer, id, pinned);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, {
    description:
      'Moves a thread to another topic; the thread counts of both topics (and their ancestors) stay exact, and sockets following the thread are re-checked. Logged. `NOT_FOUND` for an unknown thread or topic. MODERATOR and ADMIN.',
  })
  moveThread(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The thread.' }) id: string,
    @Args('topicId', { type: () => ID, description: 'The topic to move it to.' }) topicId: string,
  ): Promise<Thread> {
    return this.moderation.moveThread(viewer, id, topicId);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => User, {
    description:
      'Suspends a user until `until`: at once their access tokens answer `SUSPENDED`, they cannot sign in or refresh, and their sockets are disconnected. A MODERATOR suspends MEMBERs and EXPERTs, an ADMIN also MODERATORs; nobody an ADMIN or themselves (`FORBIDDEN`). Logged. `BAD_USER_INPUT` for a time not in the future or no reason; `NOT_FOUND` for an unknown user. MODERATOR and ADMIN.',
  })
  suspendUser(
    @CurrentViewer() viewer: Viewer,
    @Args('userId', { type: () => ID, description: 'The user to suspend.' }) userId: string,
    @Args('until', { type: () => Date, description: 'End of the suspension (ISO-8601, in the future).' }) until: Date,
    @Args('reason', { description: 'Why (kept in the moderation log; 1 to 1000 characters).' }) reason: string,
  ): Promise<User> {
    return this.moderation.suspendUser(viewer, userId, until, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => User, {
    description: 'Lifts a suspension at once (what the user lost in between is not restored). The same rules as `suspendUser`. Logged. MODERATOR and ADMIN.',
  })
  unsuspendUser(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID, description: 'The suspended user.' }) userId: string): Promise<User> {
    return this.moderation.unsuspendUser(viewer, userId);
  }
}

/** `User.suspendedUntil`: for the user themselves, MODERATORs and ADMINs. */
@Resolver(() => User)
export class UserSuspensionResolver {
  @ResolveField(() => Date, {
    nullable: true,
    description: 'Until when the account is suspended; null when it is not (or it ended). Shown to the user themselves, MODERATORs and ADMINs; null for everyone else.',
  })
  suspendedUntil(@Parent() user: User, @CurrentViewer() viewer: Viewer | null): Date | null {
    if (!RecordRules.canSeeSuspension(viewer, user)) return null;
    return isSuspended({ suspendedUntil: user.suspendedUntil }) ? user.suspendedUntil : null;
  }
}

import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles, SignedIn } from '../access/access.decorators';
import { RecordRules } from '../access/record-rules';
import { Role } from '../access/roles';
import { CurrentViewer, isSuspended, Viewer } from '../access/viewer';
import { Post } from '../forum/posts/post.type';
import { Thread } from '../forum/threads/thread.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LiveMessage } from '../live-sessions/live-session.type';
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
    description: 'The moderation log, newest first: every moderator action with actor, target, reason and time; of one target with `targetId`. Append-only. MODERATOR and ADMIN. A topic-limited MODERATOR sees the entries whose target (thread, reply, chat message) is now in its topics.',
  })
  moderationLog(
    @CurrentViewer() viewer: Viewer,
    @Args() args: ConnectionArgs,
    @Args('targetId', { type: () => ID, nullable: true, description: 'Only the actions on this thread, post, live chat message or user.' }) targetId?: string | null,
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
      'Hides a reply: from now on only MODERATOR and ADMIN see it (lists, counts, search, notifications, socket events and replays: the thread\'s room gets `post.hidden`, and its stored events about the reply become `post.hidden` tombstones, with neither its author nor its text). Logged with the reason. `NOT_FOUND` for an unknown post; `BAD_USER_INPUT` without a reason. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).',
  })
  hidePost(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The reply to hide.' }) id: string,
    @Args('reason', { description: 'Why (kept in the moderation log; 1 to 1000 characters).' }) reason: string,
  ): Promise<Post> {
    return this.moderation.setPostHidden(viewer, id, true, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Post, { description: 'Shows a hidden reply again (logged): the thread\'s room gets `post.unhidden` with the whole reply and its author. `NOT_FOUND` for an unknown post. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).' })
  unhidePost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID, description: 'The hidden reply.' }) id: string): Promise<Post> {
    return this.moderation.setPostHidden(viewer, id, false, null);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, {
    description:
      'Hides a thread with its replies: from now on only MODERATOR and ADMIN see it (`thread(id)` is null for others; lists, `Topic.threadCount`, search, notifications, node(id) and socket rooms leave it out: sockets following it are removed at once). Logged with the reason. `NOT_FOUND` for an unknown thread; `BAD_USER_INPUT` without a reason. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).',
  })
  hideThread(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The thread to hide.' }) id: string,
    @Args('reason', { description: 'Why (kept in the moderation log; 1 to 1000 characters).' }) reason: string,
  ): Promise<Thread> {
    return this.moderation.setThreadHidden(viewer, id, true, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, { description: 'Shows a hidden thread again, whoever hid it (a moderator or flags). Logged. `NOT_FOUND` for an unknown thread. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).' })
  unhideThread(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID, description: 'The hidden thread.' }) id: string): Promise<Thread> {
    return this.moderation.setThreadHidden(viewer, id, false, null);
  }

  @SignedIn()
  @Mutation(() => LiveMessage, {
    description:
      'Hides a live chat message: from now on only MODERATOR and ADMIN see it (`LiveSession.messages`, node(id)); the session\'s room gets `live.message.hidden`, and its stored events become `live.message.hidden` tombstones at their seqs (replays carry neither its author nor its text). Logged with the reason. MODERATOR, ADMIN, and the hosts of the message\'s session (`FORBIDDEN` for others); `NOT_FOUND` for a message the viewer may not see; `BAD_USER_INPUT` without a reason.',
  })
  hideLiveMessage(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'The chat message to hide.' }) id: string,
    @Args('reason', { description: 'Why (kept in the moderation log; 1 to 1000 characters).' }) reason: string,
  ): Promise<LiveMessage> {
    return this.moderation.setLiveMessageHidden(viewer, id, true, reason);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => LiveMessage, {
    description: 'Shows a hidden live chat message again: the session\'s room gets `live.message.unhidden` with the whole message. Logged. `NOT_FOUND` for an unknown message. MODERATOR and ADMIN (hosts may hide, not unhide).',
  })
  unhideLiveMessage(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID, description: 'The hidden chat message.' }) id: string): Promise<LiveMessage> {
    return this.moderation.setLiveMessageHidden(viewer, id, false, null);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Thread, {
    description: 'Locks a thread (only MODERATOR and ADMIN may then reply or edit: others get `LOCKED`) or unlocks it. Logged. `NOT_FOUND` for an unknown thread. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).',
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
  @Mutation(() => Thread, { description: 'Pins a thread (listed first in every order) or unpins it. Logged. `NOT_FOUND` for an unknown thread. MODERATOR and ADMIN. A topic-limited MODERATOR acts only on records of its topics (`FORBIDDEN` elsewhere; `NOT_FOUND` for what it may not see there, as for a MEMBER).' })
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
      'Moves a thread to another topic; the thread counts of both topics (and their ancestors) stay exact, and sockets following the thread are re-checked. Logged. `NOT_FOUND` for an unknown thread or topic. MODERATOR and ADMIN. A topic-limited MODERATOR moves only from one of its topics to another (`FORBIDDEN` otherwise).',
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
      'Suspends a user until `until`: at once their access tokens answer `SUSPENDED`, they cannot sign in or refresh, and their sockets are disconnected. A MODERATOR suspends MEMBERs and EXPERTs, an ADMIN also MODERATORs; nobody an ADMIN or themselves (`FORBIDDEN`). Logged. `BAD_USER_INPUT` for a time not in the future or no reason; `NOT_FOUND` for an unknown user. MODERATOR and ADMIN. Not a topic-limited MODERATOR (`FORBIDDEN`).',
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
    description: 'Lifts a suspension at once (what the user lost in between is not restored). The same rules as `suspendUser`. Logged. MODERATOR and ADMIN. Not a topic-limited MODERATOR (`FORBIDDEN`).',
  })
  unsuspendUser(@CurrentViewer() viewer: Viewer, @Args('userId', { type: () => ID, description: 'The suspended user.' }) userId: string): Promise<User> {
    return this.moderation.unsuspendUser(viewer, userId);
  }
}

/** `User.suspendedUntil`: for the user themselves, ADMINs and unrestricted MODERATORs. */
@Resolver(() => User)
export class UserSuspensionResolver {
  @ResolveField(() => Date, {
    nullable: true,
    description: 'Until when the account is suspended; null when it is not (or it ended). Shown to the user themselves, ADMINs and MODERATORs not limited to topics; null for everyone else.',
  })
  suspendedUntil(@Parent() user: User, @CurrentViewer() viewer: Viewer | null): Date | null {
    if (!RecordRules.canSeeSuspension(viewer, user)) return null;
    return isSuspended({ suspendedUntil: user.suspendedUntil }) ? user.suspendedUntil : null;
  }
}

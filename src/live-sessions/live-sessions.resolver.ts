import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles, SignedIn } from '../access/access.decorators';
import { Role } from '../access/roles';
import { CurrentViewer, Viewer } from '../access/viewer';
import { Thread } from '../forum/threads/thread.type';
import { ThreadAccess } from '../forum/threads/thread-access.service';
import { Topic } from '../forum/topics/topic.type';
import { TopicsService } from '../forum/topics/topics.service';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { ConnectionType } from '../platform/graphql/pagination/connection.types';
import { LiveSessionsArgs, ScheduleLiveSessionInput, UpdateLiveSessionInput } from './dto/schedule-live-session.input';
import { LiveChatService } from './live-chat.service';
import { LivePresence } from './live-presence.service';
import { LiveSessionAccess } from './live-session-access.service';
import { LiveQuestionOrder, LiveQuestionStatus } from './live-session.enums';
import { LiveMessage, LiveQuestion, LiveSession } from './live-session.type';
import { LiveSessionsService } from './live-sessions.service';

export const LiveSessionConnection = ConnectionType(LiveSession);

const sessionId = (description = 'Id of the live session.') => ({ type: () => ID, description });

@Resolver(() => LiveSession)
export class LiveSessionsResolver {
  constructor(
    private readonly service: LiveSessionsService,
    private readonly chat: LiveChatService,
    private readonly access: LiveSessionAccess,
    private readonly presence: LivePresence,
    private readonly users: UsersService,
    private readonly topics: TopicsService,
    private readonly threads: ThreadAccess,
  ) {}

  @Public()
  @Query(() => LiveSessionConnection, {
    description: 'Live sessions the viewer may see: soonest first (ENDED and CANCELLED: latest first). Anyone may call it.',
  })
  liveSessions(@CurrentViewer() viewer: Viewer | null, @Args() args: LiveSessionsArgs) {
    return this.service.list(viewer, args);
  }

  @Public()
  @Query(() => LiveSession, { nullable: true, description: 'One live session by id; null when it does not exist or the viewer may not see it. Anyone may call it.' })
  liveSession(@CurrentViewer() viewer: Viewer | null, @Args('id', sessionId()) id: string): Promise<LiveSession | null> {
    return this.access.findVisible(viewer, id);
  }

  @Roles(Role.EXPERT, Role.MODERATOR, Role.ADMIN)
  @Mutation(() => LiveSession, {
    description:
      'Schedules a live session; the caller is its first host. EXPERT (a VERIFIED expert), MODERATOR or ADMIN (`FORBIDDEN` otherwise). `BAD_USER_INPUT` for invalid fields (start not in the future, end not after it or more than 8 hours later, hosts that are not VERIFIED experts or staff or cannot see the session); `NOT_FOUND` for an unknown topic.',
  })
  scheduleLiveSession(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The new session.' }) input: ScheduleLiveSessionInput): Promise<LiveSession> {
    return this.service.schedule(viewer, input);
  }

  @SignedIn()
  @Mutation(() => LiveSession, {
    description: 'Changes a SCHEDULED session (title, description, times, capacity, hosts). Its hosts, MODERATOR or ADMIN (`FORBIDDEN` otherwise); `BAD_USER_INPUT` once it started; `NOT_FOUND` when not visible.',
  })
  updateLiveSession(
    @CurrentViewer() viewer: Viewer,
    @Args('id', sessionId()) id: string,
    @Args('input', { description: 'The fields to change.' }) input: UpdateLiveSessionInput,
  ): Promise<LiveSession> {
    return this.service.update(viewer, id, input);
  }

  @SignedIn()
  @Mutation(() => LiveSession, {
    description: 'RSVPs to a SCHEDULED or LIVE session (`attending: true`) or withdraws (`false`). `CONFLICT` when the session is full; `BAD_USER_INPUT` once it is over; `NOT_FOUND` when not visible. Signed-in users.',
  })
  rsvpLiveSession(
    @CurrentViewer() viewer: Viewer,
    @Args('id', sessionId()) id: string,
    @Args('attending', { description: 'True to attend, false to withdraw.' }) attending: boolean,
  ): Promise<LiveSession> {
    return this.service.rsvp(viewer, id, attending);
  }

  @SignedIn()
  @Mutation(() => LiveSession, { description: 'SCHEDULED → LIVE; RSVPs get SESSION_STARTING. A host, MODERATOR or ADMIN (`FORBIDDEN` otherwise); any other transition is `BAD_USER_INPUT`.' })
  startLiveSession(@CurrentViewer() viewer: Viewer, @Args('id', sessionId()) id: string): Promise<LiveSession> {
    return this.service.start(viewer, id);
  }

  @SignedIn()
  @Mutation(() => LiveSession, {
    description:
      'LIVE → ENDED, archiving the session into a thread of its topic with the same visibility (`archiveThread`): the summary, the answered questions with their answers, and the unanswered ones. Hosts and RSVPs are notified (SESSION_ENDED). A host, MODERATOR or ADMIN; any other transition is `BAD_USER_INPUT`.',
  })
  endLiveSession(
    @CurrentViewer() viewer: Viewer,
    @Args('id', sessionId()) id: string,
    @Args('summary', { type: () => String, nullable: true, description: 'Markdown summary for the archive (up to 10,000 characters).' }) summary?: string | null,
  ): Promise<LiveSession> {
    return this.service.end(viewer, id, summary);
  }

  @SignedIn()
  @Mutation(() => LiveSession, { description: 'SCHEDULED → CANCELLED; RSVPs get SESSION_CANCELLED. A host, MODERATOR or ADMIN; any other transition is `BAD_USER_INPUT`.' })
  cancelLiveSession(@CurrentViewer() viewer: Viewer, @Args('id', sessionId()) id: string): Promise<LiveSession> {
    return this.service.cancel(viewer, id);
  }

  @SignedIn()
  @Mutation(() => LiveMessage, {
    description:
      'Sends a chat message to a LIVE session (as the socket call `live:message` does): stored with its room seq, then pushed as `live.message`. Body 1 to 2,000 characters; `FORBIDDEN` when muted; `RATE_LIMITED` (with `retryAfterSeconds`) in slow mode, or when the session changed under three tries in a row; `BAD_USER_INPUT` when not LIVE; with `idempotencyKey`, a retry returns the original message and a different payload is `IDEMPOTENCY_CONFLICT`.',
  })
  sendLiveMessage(
    @CurrentViewer() viewer: Viewer,
    @Args('sessionId', sessionId()) id: string,
    @Args('body', { description: 'The message, 1 to 2,000 characters.' }) body: string,
    @Args('idempotencyKey', { type: () => String, nullable: true, description: 'Client retry key (up to 200 characters), unique per sender.' }) idempotencyKey?: string | null,
  ): Promise<LiveMessage> {
    return this.chat.send(viewer, { sessionId: id, body, idempotencyKey: idempotencyKey ?? null });
  }

  @SignedIn()
  @Mutation(() => LiveQuestion, { description: 'Asks a question in a SCHEDULED or LIVE session (1 to 1,000 characters, at most 20 per person and session); pushed as `live.question`. `FORBIDDEN` when muted.' })
  askLiveQuestion(
    @CurrentViewer() viewer: Viewer,
    @Args('sessionId', sessionId()) id: string,
    @Args('body', { description: 'The question, 1 to 1,000 characters.' }) body: string,
  ): Promise<LiveQuestion> {
    return this.chat.ask(viewer, id, body);
  }

  @SignedIn()
  @Mutation(() => LiveQuestion, { description: 'Sets (`upvote: true`) or clears the viewer\'s one upvote on a question of a SCHEDULED or LIVE session; not on one\'s own question (`FORBIDDEN`). Pushed as `live.question.updated`.' })
  upvoteLiveQuestion(
    @CurrentViewer() viewer: Viewer,
    @Args('questionId', { type: () => ID, description: 'Id of the question.' }) questionId: string,
    @Args('upvote', { description: 'True to upvote, false to clear the upvote.' }) upvote: boolean,
  ): Promise<LiveQuestion> {
    return this.chat.upvote(viewer, questionId, upvote);
  }

  @SignedIn()
  @Mutation(() => LiveQuestion, { description: 'Sets a question\'s status (HIGHLIGHTED, ANSWERED with an optional answer, DISMISSED, or OPEN again). Hosts, MODERATOR and ADMIN; pushed as `live.question.updated`.' })
  moderateLiveQuestion(
    @CurrentViewer() viewer: Viewer,
    @Args('questionId', { type: () => ID, description: 'Id of the question.' }) questionId: string,
    @Args('status', { type: () => LiveQuestionStatus, description: 'The new status.' }) status: LiveQuestionStatus,
    @Args('answer', { type: () => String, nullable: true, description: 'With ANSWERED: the answer as given (Markdown, up to 10,000 characters), shown in the archive.' }) answer?: string | null,
  ): Promise<LiveQuestion> {
    return this.chat.moderate(viewer, questionId, status, answer);
  }

  @SignedIn()
  @Mutation(() => LiveSession, { description: 'Sets slow mode: seconds between a participant\'s chat messages, 0 (off) to 300 (`BAD_USER_INPUT` otherwise). Hosts, MODERATOR and ADMIN; always enforced, even with RATE_LIMITS_ENABLED=false.' })
  setLiveSlowMode(
    @CurrentViewer() viewer: Viewer,
    @Args('sessionId', sessionId()) id: string,
    @Args('seconds', { type: () => Int, description: 'Seconds, 0 to 300.' }) seconds: number,
  ): Promise<LiveSession> {
    return this.service.setSlowMode(viewer, id, seconds);
  }

  @SignedIn()
  @Mutation(() => Boolean, { description: 'Mutes (or unmutes) a participant: a muted user\'s messages and questions are `FORBIDDEN`. Hosts, MODERATOR and ADMIN; hosts and staff cannot be muted (`BAD_USER_INPUT`).' })
  muteLiveParticipant(
    @CurrentViewer() viewer: Viewer,
    @Args('sessionId', sessionId()) id: string,
    @Args('userId', { type: () => ID, description: 'The participant.' }) userId: string,
    @Args('muted', { description: 'True to mute, false to unmute.' }) muted: boolean,
  ): Promise<boolean> {
    return this.service.mute(viewer, id, userId, muted);
  }

  // ---------------------------------------------------------------- fields

  @ResolveField(() => Topic, { description: 'The topic of the session (and of its archive thread).' })
  async topic(@Parent() s: LiveSession, @Loaders() loaders: LoaderRegistry): Promise<Topic> {
    return (await this.topics.load(loaders, s.topicId)) as Topic;
  }

  @ResolveField(() => [User], { description: 'The hosts, the scheduler first.' })
  async hosts(@Parent() s: LiveSession, @Loaders() loaders: LoaderRegistry): Promise<User[]> {
    const ids = await this.chat.hostIds(loaders, s.id);
    return (await Promise.all(ids.map((id) => this.users.load(loaders, id)))).filter((u): u is User => !!u);
  }

  @ResolveField(() => Boolean, { description: 'Whether the viewer RSVPed (false when anonymous).' })
  viewerHasRsvp(@Parent() s: LiveSession, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<boolean> {
    return this.chat.viewerHasRsvp(loaders, viewer, s.id);
  }

  @ResolveField(() => Int, { description: 'Signed-in users following the room `session:<id>` now, each counted once however many tabs, across instances.' })
  participantCount(@Parent() s: LiveSession, @Loaders() loaders: LoaderRegistry): Promise<number> {
    return loaders.get<string, number>('liveSession.participants', (ids) => this.presence.counts(ids)).load(s.id);
  }

  @ResolveField(() => [LiveQuestion], { description: 'The question queue (at most 500). DISMISSED questions only for hosts, MODERATOR, ADMIN and their authors.' })
  questions(
    @Parent() s: LiveSession,
    @CurrentViewer() viewer: Viewer | null,
    @Args('orderBy', { type: () => LiveQuestionOrder, nullable: true, defaultValue: LiveQuestionOrder.TOP, description: 'TOP (default: most upvotes, then oldest) or NEWEST.' }) orderBy: LiveQuestionOrder,
    @Args('status', { type: () => LiveQuestionStatus, nullable: true, description: 'Only questions in this status.' }) status?: LiveQuestionStatus | null,
  ): Promise<LiveQuestion[]> {
    return this.chat.questions(viewer, s, orderBy, status);
  }

  @ResolveField(() => [LiveMessage], { description: 'The chat, in seq order: the `last` latest messages (default 50, at most 200) with a seq above `afterSeq`. Hidden messages for MODERATOR and ADMIN only. Readable after the session ended.' })
  messages(
    @Parent() s: LiveSession,
    @CurrentViewer() viewer: Viewer | null,
    @Args('afterSeq', { type: () => Int, nullable: true, description: 'Only messages with a greater seq (e.g. the last one seen).' }) afterSeq?: number | null,
    @Args('last', { type: () => Int, nullable: true, description: 'How many of the latest messages, 0 to 200 (default 50).' }) last?: number | null,
  ): Promise<LiveMessage[]> {
    return this.chat.messages(viewer, s, afterSeq, last);
  }

  @ResolveField(() => Thread, { nullable: true, description: 'The forum thread the session was archived into when it ended (same topic and visibility); null before.' })
  archiveThread(@Parent() s: LiveSession, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Thread | null> {
    return s.archiveThreadId ? this.threads.loadVisible(loaders, viewer, s.archiveThreadId) : Promise.resolve(null);
  }
}

@Resolver(() => LiveMessage)
export class LiveMessageResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true, description: 'Who sent it; null if the account no longer exists.' })
  author(@Parent() m: LiveMessage, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.users.load(loaders, m.authorId);
  }
}

@Resolver(() => LiveQuestion)
export class LiveQuestionResolver {
  constructor(
    private readonly users: UsersService,
    private readonly chat: LiveChatService,
  ) {}

  @ResolveField(() => User, { nullable: true, description: 'Who asked it; null if the account no longer exists.' })
  author(@Parent() q: LiveQuestion, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.users.load(loaders, q.authorId);
  }

  @ResolveField(() => Boolean, { description: 'Whether the viewer upvoted it (false when anonymous).' })
  viewerUpvoted(@Parent() q: LiveQuestion & { viewerUpvotedNow?: boolean }, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<boolean> {
    if (q.viewerUpvotedNow !== undefined) return Promise.resolve(q.viewerUpvotedNow);
    return this.chat.viewerUpvoted(loaders, viewer, q.id);
  }
}

import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, Roles, SignedIn } from '../access/access.decorators';
import { RecordRules } from '../access/record-rules';
import { Role } from '../access/roles';
import { CurrentViewer, Viewer } from '../access/viewer';
import { Topic } from '../forum/topics/topic.type';
import { Thread } from '../forum/threads/thread.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { ConnectionArgs, ConnectionType } from '../platform/graphql/pagination/connection.types';
import { ApplyAsExpertInput } from './dto/apply-as-expert.input';
import { ExpertApplicationsArgs, ExpertsArgs, SuggestedExpertsArgs } from './dto/expert-filter.input';
import { ExpertProfile } from './expert-profile.type';
import { ExpertRoutingService } from './expert-routing.service';
import { ExpertsService } from './experts.service';

export const ExpertProfileConnection = ConnectionType(ExpertProfile);
/** The forum's `ThreadConnection` (one connection type per node type). */
const ThreadConnection = ConnectionType(Thread);

@Resolver(() => ExpertProfile)
export class ExpertsResolver {
  constructor(
    private readonly expertsService: ExpertsService,
    private readonly routing: ExpertRoutingService,
    private readonly users: UsersService,
  ) {}

  // ---------------------------------------------------------------- directory and routing

  @Public()
  @Query(() => ExpertProfileConnection, {
    description:
      'The expert directory: VERIFIED experts only, filtered (`filter`), by relevance when `filter.search` is given, else by reputation (highest first). Anyone may call it.',
  })
  experts(@Args() args: ExpertsArgs) {
    return this.expertsService.directory(args);
  }

  @Public()
  @Query(() => [ExpertProfile], {
    description:
      'Experts to ask about a QUESTION thread, best first: topic match (the thread\'s topic above its parent or subtopics), language match, country match (thread tags or the asker\'s country), then accepted answers, responsiveness and recent activity (see the README). Only VERIFIED experts available for questions, never the question\'s author or the viewer, never an expert who may not see the thread. `NOT_FOUND` when the viewer may not see the thread; `BAD_USER_INPUT` for a thread that is not a QUESTION. Anyone may call it.',
  })
  suggestedExperts(@CurrentViewer() viewer: Viewer | null, @Args() args: SuggestedExpertsArgs): Promise<ExpertProfile[]> {
    return this.routing.suggest(viewer, args.threadId, args.first);
  }

  @SignedIn()
  @Query(() => ThreadConnection, {
    description:
      'Open QUESTION threads for the signed-in VERIFIED expert (`FORBIDDEN` for anyone else): those they were asked about directly first, then those in their topics (subtopics included) and languages; newest activity first within each. Only threads they may see, not locked, not their own, and not yet replied to by them.',
  })
  questionsForMe(@CurrentViewer() viewer: Viewer, @Args() args: ConnectionArgs) {
    return this.routing.questionsFor(viewer, args);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Query(() => ExpertProfileConnection, {
    description: 'The review queue: profiles of one status (PENDING by default), oldest submission first. ADMIN and MODERATORs not limited to topics (`FORBIDDEN` for a topic-limited MODERATOR).',
  })
  expertApplications(@CurrentViewer() viewer: Viewer, @Args() args: ExpertApplicationsArgs) {
    return this.expertsService.applications(viewer, args);
  }

  @SignedIn()
  @Mutation(() => ExpertProfile, {
    description:
      'Creates or replaces the signed-in user\'s expert profile. A new profile (or one REJECTED before) is PENDING until a MODERATOR or ADMIN reviews it; a VERIFIED expert who edits stays VERIFIED. `BAD_USER_INPUT` for invalid fields (limits on `ApplyAsExpertInput`).',
  })
  applyAsExpert(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The whole profile.' }) input: ApplyAsExpertInput): Promise<ExpertProfile> {
    return this.expertsService.apply(viewer, input);
  }

  @Roles(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => ExpertProfile, {
    description:
      'Reviews a user\'s expert profile (MODERATOR or ADMIN, never their own: `FORBIDDEN`; a topic-limited MODERATOR: `FORBIDDEN`). Approval makes it VERIFIED and gives a MEMBER the role EXPERT; rejection makes it REJECTED with the note and keeps the role, except that rejecting a VERIFIED profile withdraws the verification (an EXPERT becomes MEMBER). Audited; the applicant gets an EXPERT_REVIEW notification. `NOT_FOUND` when the user has no profile.',
  })
  reviewExpert(
    @CurrentViewer() viewer: Viewer,
    @Args('userId', { type: () => ID, description: 'Id of the user whose profile is reviewed.' }) userId: string,
    @Args('approve', { description: 'True to verify, false to decline (or withdraw a verification).' }) approve: boolean,
    @Args('note', { type: () => String, nullable: true, description: 'Note to the applicant (up to 1,000 characters), kept on the profile and in the audit log.' }) note: string | null,
  ): Promise<ExpertProfile> {
    return this.expertsService.review(viewer, userId, approve, note);
  }

  @SignedIn()
  @Mutation(() => Boolean, {
    description:
      'Asks a VERIFIED, available expert to answer a QUESTION thread: they get an EXPERT_REQUEST notification (in-app, real time, and email per their settings). `NOT_FOUND` when the viewer may not see the thread or the expert; `BAD_USER_INPUT` for oneself, the question\'s author, an expert who is not available or who may not see the thread, or a thread that is not a QUESTION; `LOCKED` for a locked thread; `CONFLICT` when this expert was already asked about this thread; `RATE_LIMITED` (with `retryAfterSeconds`) beyond 3 asks about one thread or 10 asks by one user in 24 hours.',
  })
  askExpert(
    @CurrentViewer() viewer: Viewer,
    @Args('threadId', { type: () => ID, description: 'Id of the QUESTION thread.' }) threadId: string,
    @Args('expertId', { type: () => ID, description: 'The expert: the id of their ExpertProfile, or their user id.' }) expertId: string,
  ): Promise<boolean> {
    return this.routing.ask(viewer, threadId, expertId);
  }

  // ---------------------------------------------------------------- fields

  @ResolveField(() => User, { description: 'The expert (public profile).' })
  async user(@Parent() profile: ExpertProfile, @Loaders() loaders: LoaderRegistry): Promise<User> {
    const user = await this.users.load(loaders, profile.userId);
    if (!user) throw new Error('expert profile without its user');
    return user;
  }

  @ResolveField(() => [Topic], { description: 'Topics of the expertise (1 to 10), in the order the expert gave them.' })
  expertise(@Parent() profile: ExpertProfile, @Loaders() loaders: LoaderRegistry): Promise<Topic[]> {
    return this.expertsService.expertise(loaders, profile);
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      'Median minutes from an `askExpert` to the expert\'s first reply in that thread, over the asks of the last 90 days (an ask still unanswered counts as the time waited so far); null below 3 asks.',
  })
  responsivenessMinutes(@Parent() profile: ExpertProfile, @Loaders() loaders: LoaderRegistry): Promise<number | null> {
    return this.expertsService.responsiveness(loaders, profile);
  }

  @ResolveField(() => String, { nullable: true, description: 'Note of the latest review; shown to the owner, MODERATORs and ADMINs only (null for others, and when none).' })
  reviewNote(@Parent() profile: ExpertProfile, @CurrentViewer() viewer: Viewer | null): string | null {
    return RecordRules.canSeeExpertReview(viewer, { userId: profile.userId, status: profile.status }) ? profile.reviewNote : null;
  }

  @ResolveField(() => Date, { nullable: true, description: 'When the profile was last reviewed; shown to the owner, MODERATORs and ADMINs only (null for others, and before any review).' })
  reviewedAt(@Parent() profile: ExpertProfile, @CurrentViewer() viewer: Viewer | null): Date | null {
    return RecordRules.canSeeExpertReview(viewer, { userId: profile.userId, status: profile.status }) ? profile.reviewedAt : null;
  }
}

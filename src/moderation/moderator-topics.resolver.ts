import { Args, ID, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Roles } from '../access/access.decorators';
import { Role } from '../access/roles';
import { CurrentViewer, Viewer } from '../access/viewer';
import { Topic } from '../forum/topics/topic.type';
import { User } from '../identity/users/user.type';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { MODERATOR_TOPICS_MAX, ModeratorTopicsService } from './moderator-topics.service';

/** `setModeratorTopics` and `User.moderatedTopics`: moderators limited to some topics. */
@Resolver(() => User)
export class ModeratorTopicsResolver {
  constructor(private readonly service: ModeratorTopicsService) {}

  @Roles(Role.ADMIN)
  @Mutation(() => User, {
    description:
      `Limits a MODERATOR to these topics and their subtopics (also those created later), or lifts the limit with an empty list. In those topics they moderate as before; everywhere else they see and act exactly as a MEMBER (with their own sector); suspensions, USER flags and expert review are left to ADMIN and unrestricted MODERATORs. Takes effect at once (next request, open sockets re-checked) and is logged (SET_MODERATOR_TOPICS); a change of role away from MODERATOR drops the limit. ADMIN only (\`FORBIDDEN\` otherwise). \`BAD_USER_INPUT\` when the user is not a MODERATOR or for more than ${MODERATOR_TOPICS_MAX} topics; \`NOT_FOUND\` for an unknown user or topic.`,
  })
  setModeratorTopics(
    @CurrentViewer() viewer: Viewer,
    @Args('userId', { type: () => ID, description: 'The MODERATOR to limit.' }) userId: string,
    @Args('topicIds', { type: () => [ID], description: 'The topics (each with its subtopics) they moderate; empty: every topic.' }) topicIds: string[],
  ): Promise<User> {
    return this.service.set(viewer, userId, topicIds);
  }

  @ResolveField(() => [Topic], {
    nullable: true,
    description:
      'The topics a MODERATOR is limited to (each with its subtopics), as an ADMIN set them with `setModeratorTopics`, by name. Null for other roles and for a MODERATOR of every topic. Shown to the user themselves, MODERATORs and ADMINs; null for everyone else.',
  })
  moderatedTopics(@Parent() user: User, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Topic[] | null> {
    return this.service.moderatedTopics(loaders, viewer, user);
  }
}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../access/viewer';
import { User } from '../identity/users/user.type';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { ExpertProfile } from './expert-profile.type';
import { ExpertsService } from './experts.service';

/** `User.expertProfile` wherever a user appears (authors carry the badge): one batched statement per request. */
@Resolver(() => User)
export class UserExpertProfileResolver {
  constructor(private readonly experts: ExpertsService) {}

  @ResolveField(() => ExpertProfile, {
    nullable: true,
    description: "The user's expert profile when VERIFIED (the expert badge); the owner, MODERATORs and ADMINs also see a PENDING or REJECTED one. Null otherwise.",
  })
  expertProfile(@Parent() user: User, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<ExpertProfile | null> {
    return this.experts.forUser(loaders, viewer, user.id);
  }
}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentViewer, Viewer } from '../access/viewer';
import { ExpertProfile } from '../experts/expert-profile.type';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { NotificationContentService } from './notification-content.service';
import { Notification } from './notification.type';

/** `Notification.expertProfile`: what an EXPERT_REVIEW notification is about. */
@Resolver(() => Notification)
export class NotificationExpertProfileResolver {
  constructor(private readonly content: NotificationContentService) {}

  @ResolveField(() => ExpertProfile, { nullable: true, description: "For EXPERT_REVIEW: the recipient's own expert profile as it is now (its `status` and `reviewNote`); null for other types." })
  expertProfile(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<ExpertProfile | null> {
    return this.content.expertProfile(loaders, viewer, n);
  }
}

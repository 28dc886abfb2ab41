import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { SignedIn } from '../access/access.decorators';
import { CurrentViewer, Viewer } from '../access/viewer';
import { Loaders, LoaderRegistry } from '../platform/graphql/loaders';
import { Connection, ConnectionArgs, ConnectionType } from '../platform/graphql/pagination/connection.types';
import { Membership } from '../identity/organizations/membership.type';
import { Post } from '../forum/posts/post.type';
import { Thread } from '../forum/threads/thread.type';
import { LiveSession } from '../live-sessions/live-session.type';
import { User } from '../identity/users/user.type';
import { UsersService } from '../identity/users/users.service';
import { NotificationContentService } from './notification-content.service';
import { EmailNotificationMode } from './notification.enums';
import { Notification, NotificationSettings } from './notification.type';
import { NotificationsService } from './notifications.service';

const NotificationConnection = ConnectionType(Notification);

@ArgsType()
class NotificationsArgs extends ConnectionArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Only notifications not yet read.' })
  unreadOnly?: boolean | null;
}

@Resolver(() => Notification)
export class NotificationsResolver {
  constructor(
    private readonly service: NotificationsService,
    private readonly content: NotificationContentService,
    private readonly users: UsersService,
  ) {}

  @SignedIn()
  @Query(() => NotificationConnection, { description: "The signed-in user's notifications, newest first. Signed-in users." })
  notifications(@CurrentViewer() viewer: Viewer, @Args() args: NotificationsArgs): Promise<Connection<Notification>> {
    return this.service.list(viewer, !!args.unreadOnly, args);
  }

  @SignedIn()
  @Query(() => Int, { description: "How many of the signed-in user's notifications are unread. Signed-in users." })
  unreadNotificationCount(@CurrentViewer() viewer: Viewer): Promise<number> {
    return this.service.unreadCount(viewer);
  }

  @SignedIn()
  @Mutation(() => Int, {
    description:
      'Marks the signed-in user\'s notifications read: these ids, or all when ids is null. Returns how many changed (ids of others\' notifications, or already read, change nothing). Signed-in users.',
  })
  markNotificationsRead(@CurrentViewer() viewer: Viewer, @Args('ids', { type: () => [ID], nullable: true, description: 'Ids of notifications to mark read, at most 500 (`BAD_USER_INPUT` beyond); null marks all.' }) ids: string[] | null): Promise<number> {
    return this.service.markRead(viewer, ids);
  }

  @SignedIn()
  @Query(() => NotificationSettings, { description: "The signed-in user's notification preferences. Signed-in users." })
  notificationSettings(@CurrentViewer() viewer: Viewer): Promise<NotificationSettings> {
    return this.service.settings(viewer);
  }

  @SignedIn()
  @Mutation(() => NotificationSettings, { description: 'Sets how the signed-in user\'s notification emails are sent: OFF, INSTANT or DAILY_DIGEST. Signed-in users.' })
  updateNotificationSettings(
    @CurrentViewer() viewer: Viewer,
    @Args('emailMode', { type: () => EmailNotificationMode, description: 'The new email mode.' }) emailMode: EmailNotificationMode,
  ): Promise<NotificationSettings> {
    return this.service.updateSettings(viewer, emailMode);
  }

  @ResolveField(() => User, { nullable: true, description: 'Who caused it; null for the system, a deleted account, or when the recipient may no longer see what it is about.' })
  actor(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return this.content.actor(loaders, viewer, n);
  }

  @ResolveField(() => Thread, { nullable: true, description: 'The thread it is about; null when there is none or the recipient may no longer see it.' })
  thread(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<Thread | null> {
    return this.content.thread(loaders, viewer, n);
  }

  @ResolveField(() => Post, { nullable: true, description: 'The post it is about; null when there is none or the recipient may no longer see it.' })
  post(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return this.content.post(loaders, viewer, n);
  }

  @ResolveField(() => LiveSession, { nullable: true, description: 'The live session it is about (SESSION_* types); null when there is none or the recipient may no longer see it.' })
  session(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<LiveSession | null> {
    return this.content.session(loaders, viewer, n);
  }

  @ResolveField(() => Membership, {
    nullable: true,
    description: 'For MEMBERSHIP notifications: the membership (request) decided or to decide; null for other types, or when the recipient may no longer see it.',
  })
  membership(@Parent() n: Notification, @CurrentViewer() viewer: Viewer, @Loaders() loaders: LoaderRegistry): Promise<Membership | null> {
    return this.content.membership(loaders, viewer, n);
  }
}

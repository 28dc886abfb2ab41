import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { ThreadsModule } from '../forum/threads/threads.module';
import { AuthModule } from '../identity/auth/auth.module';
import { OrganizationsModule } from '../identity/organizations/organizations.module';
import { UsersModule } from '../identity/users/users.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { OutboxModule } from '../outbox/outbox.module';
import { LiveSessionNotifications } from './live-session-notifications.handlers';
import { ExpertsModule } from '../experts/experts.module';
import { ExpertNotifications } from './expert-notifications.handlers';
import { NotificationExpertProfileResolver } from './notification-expert-profile.resolver';
import { ForumNotifications } from './forum-notifications.handlers';
import { MailTransportService } from './mail-transport.service';
import { AccountMailHandlers } from './account-mail.handlers';
import { MembershipNotifications } from './membership-notifications.handlers';
import { NotificationContentService } from './notification-content.service';
import { NotificationMailerService } from './notification-mailer.service';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationsResolver } from './notifications.resolver';
import { ModerationNotifications } from './moderation-notifications.handlers';
import { NotificationsService } from './notifications.service';

/**
 * Notifications: the inbox (GraphQL API, with what each notification is about resolved for its
 * recipient), the emails (instant and daily digest), and the handlers that decide who hears of
 * forum, membership and live-session events. It listens to domain events; nothing imports it.
 */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationSettingsEntity]), OutboxModule, AuthModule, UsersModule, OrganizationsModule, ThreadsModule, PostsModule, ExpertsModule, LiveSessionsModule],
  providers: [
    NotificationsService,
    ForumNotifications,
    MembershipNotifications,
    LiveSessionNotifications,
    ExpertNotifications,
    ModerationNotifications,
    NotificationExpertProfileResolver,
    NotificationContentService,
    MailTransportService,
    AccountMailHandlers,
    NotificationMailerService,
    NotificationsResolver,
  ],
})
export class NotificationsModule {}

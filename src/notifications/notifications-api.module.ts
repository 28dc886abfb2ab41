import { Module } from '@nestjs/common';
import { AuthModule } from '../identity/auth/auth.module';
import { OrganizationsModule } from '../identity/organizations/organizations.module';
import { PostsModule } from '../forum/posts/posts.module';
import { UsersModule } from '../identity/users/users.module';
import { MailTransportService } from './mail-transport.service';
import { NotificationContentService } from './notification-content.service';
import { NotificationMailerService } from './notification-mailer.service';
import { NotificationsResolver } from './notifications.resolver';

/**
 * Notifications as users meet them: the GraphQL API (with what each notification is about,
 * resolved for its recipient) and the emails (instant and daily digest). Separate from the
 * global NotificationsModule so that features calling `notify` do not depend on it.
 */
@Module({
  imports: [AuthModule, UsersModule, OrganizationsModule, PostsModule],
  providers: [NotificationsResolver, NotificationContentService, MailTransportService, NotificationMailerService],
})
export class NotificationsApiModule {}

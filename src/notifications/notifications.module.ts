import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../identity/auth/auth.module';
import { NotificationSettingsEntity } from './notification-settings.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationsService } from './notifications.service';

/**
 * The notification core every feature calls (`NotificationsService.notify`). Global, and it
 * imports no feature module; the API and the emails live in NotificationsApiModule.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([NotificationEntity, NotificationSettingsEntity]), AuthModule],
  providers: [NotificationsService],
  exports: [NotificationsService],
})
export class NotificationsModule {}

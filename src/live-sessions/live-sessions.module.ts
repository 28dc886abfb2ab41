import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThreadsModule } from '../forum/threads/threads.module';
import { AuthModule } from '../identity/auth/auth.module';
import { UsersModule } from '../identity/users/users.module';
import { OutboxModule } from '../outbox/outbox.module';
import { LiveChatService } from './live-chat.service';
import { LiveMessageEntity } from './live-message.entity';
import { LivePresence } from './live-presence.service';
import { LiveQuestionEntity, LiveQuestionUpvoteEntity } from './live-question.entity';
import { LiveReminders } from './live-reminders.service';
import { LiveSessionAccess } from './live-session-access.service';
import { LiveSessionHostEntity, LiveSessionParticipantEntity, LiveSessionRsvpEntity } from './live-session-member.entity';
import { LiveSessionEntity } from './live-session.entity';
import { LiveMessageResolver, LiveQuestionResolver, LiveSessionsResolver } from './live-sessions.resolver';
import { LiveMessagesRepository } from './live-messages.repository';
import { LiveSessionsRepository } from './live-sessions.repository';
import { LiveSessionsService } from './live-sessions.service';
import { LiveItemsNodeLoaders } from './live-items-node.loaders';

/**
 * Live sessions: scheduling, RSVPs, the lifecycle with its archive into the forum, chat, the
 * question queue, presence and the reminder scheduler. Notifications and realtime (above)
 * use `LiveSessionAccess`, `LiveChatService` and `LivePresence`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      LiveSessionEntity,
      LiveSessionHostEntity,
      LiveSessionRsvpEntity,
      LiveSessionParticipantEntity,
      LiveMessageEntity,
      LiveQuestionEntity,
      LiveQuestionUpvoteEntity,
    ]),
    OutboxModule,
    AuthModule,
    UsersModule,
    ThreadsModule,
  ],
  providers: [
    LiveSessionsRepository,
    LiveMessagesRepository,
    LiveSessionAccess,
    LiveSessionsService,
    LiveChatService,
    LiveItemsNodeLoaders,
    LivePresence,
    LiveReminders,
    LiveSessionsResolver,
    LiveMessageResolver,
    LiveQuestionResolver,
  ],
  exports: [LiveSessionAccess, LiveSessionsService, LiveChatService, LivePresence, LiveSessionsRepository, LiveMessagesRepository],
})
export class LiveSessionsModule {}

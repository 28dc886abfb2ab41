import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { UsersModule } from '../identity/users/users.module';
import { LiveSessionsModule } from '../live-sessions/live-sessions.module';
import { OutboxModule } from '../outbox/outbox.module';
import { FlagEntity } from './flag.entity';
import { FlagsRepository } from './flags.repository';
import { FlagsResolver } from './flags.resolver';
import { FlagsService } from './flags.service';
import { ModerationActionEntity } from './moderation-action.entity';
import { ModerationLogRepository } from './moderation-log.repository';
import { ModerationRoomEvents } from './moderation-room-events.handlers';
import { ModerationResolver, UserSuspensionResolver } from './moderation.resolver';
import { ModerationService } from './moderation.service';
import { ModeratorTopicsResolver } from './moderator-topics.resolver';
import { ModeratorTopicsService } from './moderator-topics.service';

/**
 * Moderation: flags and the review queue (auto-hide), hide/unhide of replies, threads and live chat messages, lock, pin, move, suspensions, topic moderators (`setModeratorTopics`), and the append-only moderation log.
 * Acts through the forum's, live sessions' and identity's own access APIs and repositories and emits domain
 * events (room events here; socket re-checks in realtime). Stands above the forum and identity.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ModerationActionEntity, FlagEntity]), PostsModule, UsersModule, LiveSessionsModule, OutboxModule],
  providers: [ModerationLogRepository, FlagsRepository, ModerationService, FlagsService, ModerationRoomEvents, ModerationResolver, UserSuspensionResolver, FlagsResolver, ModeratorTopicsService, ModeratorTopicsResolver],
  exports: [ModerationService, FlagsService],
})
export class ModerationModule {}

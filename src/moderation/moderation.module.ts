import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PostsModule } from '../forum/posts/posts.module';
import { UsersModule } from '../identity/users/users.module';
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

/**
 * Moderation: flags and the review queue (auto-hide), hide/unhide, lock, pin, move, suspensions, and the append-only moderation log.
 * Acts through the forum's and identity's own access APIs and repositories and emits domain
 * events (room events here; socket re-checks in realtime). Stands above the forum and identity.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ModerationActionEntity, FlagEntity]), PostsModule, UsersModule, OutboxModule],
  providers: [ModerationLogRepository, FlagsRepository, ModerationService, FlagsService, ModerationRoomEvents, ModerationResolver, UserSuspensionResolver, FlagsResolver],
  exports: [ModerationService],
})
export class ModerationModule {}

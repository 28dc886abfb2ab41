import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RoomAccessRegistry } from '../../realtime/room-access.registry';
import { TopicsModule } from '../topics/topics.module';
import { UsersModule } from '../../identity/users/users.module';
import { ForumNotifier } from './forum-notifier.service';
import { ThreadListService } from './thread-list.service';
import { ThreadWatcherEntity } from './thread-watcher.entity';
import { ThreadEntity } from './thread.entity';
import { ThreadsResolver } from './threads.resolver';
import { ThreadAccess } from './thread-access.service';
import { ThreadsService } from './threads.service';

@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntity, ThreadWatcherEntity]), TopicsModule, UsersModule],
  providers: [ThreadsService, ThreadAccess, ThreadListService, ThreadsResolver, ForumNotifier],
  exports: [ThreadsService, ThreadAccess, ForumNotifier, TopicsModule],
})
export class ThreadsModule implements OnModuleInit {
  constructor(
    private readonly access: ThreadAccess,
    private readonly roomAccess: RoomAccessRegistry,
  ) {}

  /** Socket rooms `thread:<id>` follow the same rule as `thread(id)`. */
  onModuleInit(): void {
    this.roomAccess.register('thread', (viewer, id, manager) => this.access.canView(viewer, id, manager));
    // Batched (notifications, socket re-checks): the thread is loaded once, the policy applied in memory.
    this.roomAccess.registerMany('thread', (viewers, id, manager) => this.access.canViewMany(viewers, id, manager));
  }
}

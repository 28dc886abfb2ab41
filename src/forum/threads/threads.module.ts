import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RoomAccessRegistry } from '../../realtime/room-access.registry';
import { TopicsModule } from '../topics/topics.module';
import { UsersModule } from '../../identity/users/users.module';
import { ForumNotifier } from './forum-notifier.service';
import { ThreadListService } from './thread-list.service';
import { ThreadWatcherEntity } from './thread-watcher.entity';
import { ThreadEntity } from './thread.entity';
import { ThreadsResolver } from './threads.resolver';
import { ThreadsService } from './threads.service';

@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntity, ThreadWatcherEntity]), TopicsModule, UsersModule],
  providers: [ThreadsService, ThreadListService, ThreadsResolver, ForumNotifier],
  exports: [ThreadsService, ForumNotifier, TopicsModule],
})
export class ThreadsModule implements OnModuleInit {
  constructor(
    private readonly threads: ThreadsService,
    private readonly roomAccess: RoomAccessRegistry,
    private readonly dataSource: DataSource,
  ) {}

  /** Socket rooms `thread:<id>` follow the same rule as `thread(id)`. */
  onModuleInit(): void {
    this.roomAccess.register('thread', (viewer, id, manager) => this.threads.canViewThread(viewer, id, manager));
    // Batched (notifications, socket re-checks): the thread is loaded once, the policy applied in memory.
    this.roomAccess.registerMany('thread', async (viewers, id, manager) => {
      const thread = await (manager ?? this.dataSource.manager).findOne(ThreadEntity, { where: { id } });
      return viewers.map((viewer) => !!thread && this.threads.isVisibleTo(viewer, thread));
    });
  }
}

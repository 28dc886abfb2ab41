import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TopicsModule } from '../topics/topics.module';
import { UsersModule } from '../../identity/users/users.module';
import { AuthModule } from '../../identity/auth/auth.module';
import { OrganizationsModule } from '../../identity/organizations/organizations.module';
import { ThreadListService } from './thread-list.service';
import { ThreadWatcherEntity } from './thread-watcher.entity';
import { ThreadEntity } from './thread.entity';
import { ThreadsRepository } from './threads.repository';
import { ThreadsResolver } from './threads.resolver';
import { ThreadAccess } from './thread-access.service';
import { PostingLimits } from './posting-limits.service';
import { ThreadsService } from './threads.service';
import { ThreadWriteQueue } from './thread-write-queue';
import { TopicThreadsResolver } from './topic-threads.resolver';

@Module({
  imports: [TypeOrmModule.forFeature([ThreadEntity, ThreadWatcherEntity]), TopicsModule, UsersModule, AuthModule, OrganizationsModule],
  providers: [ThreadsRepository, ThreadAccess, PostingLimits, ThreadWriteQueue, ThreadsService, ThreadListService, ThreadsResolver, TopicThreadsResolver],
  exports: [ThreadsRepository, ThreadAccess, PostingLimits, ThreadWriteQueue, ThreadsService, ThreadListService, TopicsModule],
})
export class ThreadsModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TopicThreadCountEntity } from './topic-thread-count.entity';
import { TopicEntity } from './topic.entity';
import { TopicsResolver } from './topics.resolver';
import { TopicsService } from './topics.service';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity, TopicThreadCountEntity])],
  providers: [TopicsService, TopicsResolver],
  exports: [TopicsService],
})
export class TopicsModule {}

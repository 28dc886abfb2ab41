import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TopicEntity } from './topic.entity';
import { TopicsResolver } from './topics.resolver';
import { TopicsService } from './topics.service';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity])],
  providers: [TopicsService, TopicsResolver],
  exports: [TopicsService],
})
export class TopicsModule {}

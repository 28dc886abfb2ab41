import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TopicEntity } from './topic.entity';
import { TopicsResolver } from './topics.resolver';
import { TopicsRepository } from './topics.repository';
import { TopicsService } from './topics.service';

@Module({
  imports: [TypeOrmModule.forFeature([TopicEntity])],
  providers: [TopicsRepository, TopicsService, TopicsResolver],
  exports: [TopicsRepository, TopicsService],
})
export class TopicsModule {}

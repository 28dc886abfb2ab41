import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThreadsModule } from '../threads/threads.module';
import { UsersModule } from '../../identity/users/users.module';
import { AnswersService } from './answers.service';
import { PostRevisionEntity } from './post-revision.entity';
import { PostVoteEntity } from './post-vote.entity';
import { PostEntity } from './post.entity';
import { PostRevisionsResolver, PostsResolver } from './posts.resolver';
import { PostsService } from './posts.service';
import { ThreadPostsResolver } from './thread-posts.resolver';
import { VotesService } from './votes.service';

@Module({
  imports: [TypeOrmModule.forFeature([PostEntity, PostVoteEntity, PostRevisionEntity]), ThreadsModule, UsersModule],
  providers: [PostsService, VotesService, AnswersService, PostsResolver, PostRevisionsResolver, ThreadPostsResolver],
  exports: [PostsService, VotesService, AnswersService, ThreadsModule],
})
export class PostsModule {}

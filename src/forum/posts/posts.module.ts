import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../../identity/users/users.module';
import { OrganizationsModule } from '../../identity/organizations/organizations.module';
import { OutboxModule } from '../../outbox/outbox.module';
import { ForumRoomEvents } from '../forum-room-events.handlers';
import { ThreadsModule } from '../threads/threads.module';
import { AnswersService } from './answers.service';
import { PostAccess } from './post-access.service';
import { PostRevisionEntity } from './post-revision.entity';
import { PostVoteEntity } from './post-vote.entity';
import { PostEntity } from './post.entity';
import { PostsRepository } from './posts.repository';
import { PostRevisionsResolver, PostsResolver } from './posts.resolver';
import { PostsService } from './posts.service';
import { ThreadPostsResolver } from './thread-posts.resolver';
import { VotesService } from './votes.service';

/**
 * Replies, votes and accepted answers; also the forum's room events (`ForumRoomEvents`, from
 * the domain events of threads and posts), here because this module sits on top of the forum's
 * write paths.
 */
@Module({
  imports: [TypeOrmModule.forFeature([PostEntity, PostVoteEntity, PostRevisionEntity]), ThreadsModule, UsersModule, OrganizationsModule, OutboxModule],
  providers: [PostsRepository, PostAccess, PostsService, VotesService, AnswersService, ForumRoomEvents, PostsResolver, PostRevisionsResolver, ThreadPostsResolver],
  exports: [PostsRepository, PostAccess, PostsService, VotesService, AnswersService, ThreadsModule],
})
export class PostsModule {}

import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AccessPolicy } from '../../access/access-policy';
import { Public, SignedIn } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { NotFoundError } from '../../platform/errors/domain-errors';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { Thread } from '../threads/thread.type';
import { ThreadAccess } from '../threads/thread-access.service';
import { User } from '../../identity/users/user.type';
import { UsersService } from '../../identity/users/users.service';
import { AnswersService } from './answers.service';
import { PostReplyInput } from './dto/post-reply.input';
import { PostAccess } from './post-access.service';
import { Post, PostRevision } from './post.type';
import { PostsService } from './posts.service';
import { VotesService } from './votes.service';

@Resolver(() => Post)
export class PostsResolver {
  constructor(
    private readonly posts: PostsService,
    private readonly votes: VotesService,
    private readonly answers: AnswersService,
    private readonly threads: ThreadAccess,
    private readonly access: PostAccess,
    private readonly users: UsersService,
  ) {}

  @Public()
  @Query(() => Post, { nullable: true, description: 'One reply by id, e.g. to refresh it after an edit: null when it does not exist or the viewer may not see it (same rule as `Thread.posts`).' })
  post(
    @CurrentViewer() viewer: Viewer | null,
    @Loaders() loaders: LoaderRegistry,
    @Args('id', { type: () => ID, description: 'The id (a UUID) of the reply.' }) id: string,
  ): Promise<Post | null> {
    return this.access.loadVisible(loaders, viewer, id);
  }

  @SignedIn()
  @Mutation(() => Post, { description: 'Replies to a thread (or, with parentId, to a post of it). LOCKED on locked threads.' })
  postReply(@CurrentViewer() viewer: Viewer, @Args('input') input: PostReplyInput): Promise<Post> {
    return this.posts.reply(viewer, input);
  }

  @SignedIn()
  @Mutation(() => Post, { description: 'The author, a MODERATOR or an ADMIN; the earlier text is kept in revisions.' })
  editPost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string, @Args('body') body: string): Promise<Post> {
    return this.posts.edit(viewer, id, body);
  }

  @SignedIn()
  @Mutation(() => Post, { description: 'Soft delete by the author, a MODERATOR or an ADMIN: deleted, with an empty body.' })
  deletePost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID }) id: string): Promise<Post> {
    return this.posts.delete(viewer, id);
  }

  @SignedIn()
  @Mutation(() => Post, { description: '1 or -1, or 0 to clear; not on your own posts (FORBIDDEN).' })
  votePost(@CurrentViewer() viewer: Viewer, @Args('postId', { type: () => ID }) postId: string, @Args('value', { type: () => Int }) value: number): Promise<Post> {
    return this.votes.vote(viewer, postId, value);
  }

  @SignedIn()
  @Mutation(() => Thread, { description: 'The thread author, a MODERATOR or an ADMIN; QUESTION threads only; replaces an earlier accepted answer.' })
  acceptAnswer(@CurrentViewer() viewer: Viewer, @Args('postId', { type: () => ID }) postId: string): Promise<Thread> {
    return this.answers.accept(viewer, postId);
  }

  @ResolveField(() => Thread)
  async thread(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Thread> {
    const thread = await this.threads.loadVisible(loaders, viewer, post.threadId);
    if (!thread) throw new NotFoundError('The thread');
    return thread;
  }

  @ResolveField(() => User, { nullable: true, description: 'Null on a deleted post (a tombstone), except for MODERATOR and ADMIN.' })
  author(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    if (post.deleted && !AccessPolicy.canSeeHidden(viewer)) return Promise.resolve(null);
    return this.users.load(loaders, post.authorId);
  }

  @ResolveField(() => Post, { nullable: true, description: 'The post this one replies to; null for a direct reply to the thread.' })
  parent(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return post.parentId ? this.access.loadVisible(loaders, viewer, post.parentId) : Promise.resolve(null);
  }

  @ResolveField(() => Int, { description: "The viewer's vote: 1, -1, or 0 (none, or anonymous)." })
  viewerVote(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<number> {
    return this.votes.viewerVote(loaders, viewer, post.id);
  }

  @ResolveField(() => [PostRevision], { description: 'Earlier versions, oldest first (empty when never edited).' })
  revisions(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<PostRevision[]> {
    return this.posts.revisions(loaders, viewer, post);
  }
}

@Resolver(() => PostRevision)
export class PostRevisionsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true, description: 'Who made the edit that replaced this version.' })
  editor(@Parent() revision: PostRevision, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return revision.editorId ? this.users.load(loaders, revision.editorId) : Promise.resolve(null);
  }
}

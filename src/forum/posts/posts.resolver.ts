import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public, SignedIn } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { NotFoundError } from '../../platform/errors/domain-errors';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { answerReadAhead } from '../../platform/graphql/read-ahead';
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
  @Query(() => Post, {
    nullable: true,
    description: 'One reply by id, e.g. to refresh it after an edit: null when it does not exist or the viewer may not see it (same rule as `Thread.posts`). Anyone may call it.',
  })
  post(
    @CurrentViewer() viewer: Viewer | null,
    @Loaders() loaders: LoaderRegistry,
    @Args('id', { type: () => ID, description: 'The id (a UUID) of the reply.' }) id: string,
  ): Promise<Post | null> {
    return this.access.loadVisible(loaders, viewer, id);
  }

  @SignedIn()
  @Mutation(() => Post, {
    description:
      'Replies to a thread (or, with parentId, to a post of it); the thread\'s watchers are notified and `post.created` is pushed to its room. Signed-in users who may see the thread. ' +
      '`LOCKED` on a locked thread (except for MODERATOR and ADMIN); `NOT_FOUND` when the thread or parent does not exist, is deleted or is not visible; ' +
      '`BAD_USER_INPUT` for an invalid body or a parent of another thread; with `idempotencyKey`, a retry returns the original reply and a different payload is `IDEMPOTENCY_CONFLICT`; ' +
      '`RATE_LIMITED` (with `retryAfterSeconds`) within the posting interval or for the same text again (MODERATOR and ADMIN exempt), ' +
      'or when the thread is too busy: `THREAD_WRITES_WAITING_MAX` replies, votes and flags to it (200), or `THREAD_WRITES_WAITING_PER_USER` of the caller\'s (20), already wait for their turn, or the turn does not come within `THREAD_WRITE_WAIT_MS` (15 s); nothing is stored.',
  })
  postReply(@CurrentViewer() viewer: Viewer, @Args('input', { description: 'The reply.' }) input: PostReplyInput): Promise<Post> {
    return this.posts.reply(viewer, input);
  }

  @SignedIn()
  @Mutation(() => Post, {
    description:
      'Replaces the body of a reply; the earlier text is kept in `revisions` and `editedAt` is set. The author, a MODERATOR or an ADMIN (`FORBIDDEN` for others); ' +
      '`LOCKED` on a locked thread except for MODERATOR and ADMIN; `NOT_FOUND` when the reply does not exist, is deleted or is not visible.',
  })
  editPost(
    @CurrentViewer() viewer: Viewer,
    @Args('id', { type: () => ID, description: 'Id of the reply.' }) id: string,
    @Args('body', { description: 'The new Markdown body, 1 to 50,000 characters.' }) body: string,
  ): Promise<Post> {
    return this.posts.edit(viewer, id, body);
  }

  @SignedIn()
  @Mutation(() => Post, {
    description:
      'Soft-deletes a reply: it stays in the thread as a tombstone (`deleted: true`, empty body, no author for non-staff); the thread\'s counters drop and an accepted answer stops being accepted. ' +
      'The author, a MODERATOR or an ADMIN (`FORBIDDEN` for others); deleting again returns the reply; `NOT_FOUND` when it does not exist or is not visible.',
  })
  deletePost(@CurrentViewer() viewer: Viewer, @Args('id', { type: () => ID, description: 'Id of the reply.' }) id: string): Promise<Post> {
    return this.posts.delete(viewer, id);
  }

  @SignedIn()
  @Mutation(() => Post, {
    description:
      'Votes on a reply, replacing the caller\'s earlier vote; returns the reply with its new `score` and `viewerVote`. Signed-in users, not on their own replies (`FORBIDDEN`); ' +
      '`NOT_FOUND` when the reply does not exist, is deleted or is not visible; `RATE_LIMITED` (with `retryAfterSeconds`) when its thread is too busy (as for `postReply`).',
  })
  votePost(
    @CurrentViewer() viewer: Viewer,
    @Args('postId', { type: () => ID, description: 'Id of the reply.' }) postId: string,
    @Args('value', { type: () => Int, description: '1 (up), -1 (down) or 0 (clear the vote); anything else is `BAD_USER_INPUT`.' }) value: number,
  ): Promise<Post> {
    return this.votes.vote(viewer, postId, value);
  }

  @SignedIn()
  @Mutation(() => Thread, {
    description:
      'Marks a reply as the accepted answer of its thread (replacing an earlier one) and notifies its author; returns the thread. The thread author, a MODERATOR or an ADMIN (`FORBIDDEN` for others); ' +
      'QUESTION threads only (`BAD_USER_INPUT` otherwise); `NOT_FOUND` when the reply does not exist, is deleted or is not visible.',
  })
  acceptAnswer(@CurrentViewer() viewer: Viewer, @Args('postId', { type: () => ID, description: 'Id of the reply to accept.' }) postId: string): Promise<Thread> {
    return this.answers.accept(viewer, postId);
  }

  @ResolveField(() => Thread, { description: 'The thread the reply belongs to.' })
  async thread(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Thread> {
    const thread = await this.threads.loadVisible(loaders, viewer, post.threadId);
    if (!thread) throw new NotFoundError('The thread');
    return thread;
  }

  @ResolveField(() => User, { nullable: true, middleware: [answerReadAhead], description: 'Who wrote the reply. Null on a deleted reply (a tombstone), except for MODERATOR and ADMIN, and when the account no longer exists.' })
  async author(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    if (post.deleted && !(await this.access.canSeeModerated(loaders, viewer, post))) return null;
    return this.users.load(loaders, post.authorId);
  }

  @ResolveField(() => Post, { nullable: true, description: 'The reply this one answers (it may be a tombstone); null for a direct reply to the thread, or when the viewer may not see the parent (hidden).' })
  parent(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return post.parentId ? this.access.loadVisible(loaders, viewer, post.parentId) : Promise.resolve(null);
  }

  @ResolveField(() => Int, { middleware: [answerReadAhead], description: "The viewer's vote: 1, -1, or 0 (none, or anonymous)." })
  viewerVote(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<number> {
    return this.votes.viewerVote(loaders, viewer, post.id);
  }

  @ResolveField(() => [PostRevision], { description: 'Earlier versions, oldest first; empty when never edited, and for a deleted reply except for MODERATOR and ADMIN.' })
  revisions(@Parent() post: Post, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<PostRevision[]> {
    return this.posts.revisions(loaders, viewer, post);
  }
}

@Resolver(() => PostRevision)
export class PostRevisionsResolver {
  constructor(private readonly users: UsersService) {}

  @ResolveField(() => User, { nullable: true, description: 'Who made the edit (or deletion) that replaced this version: the author, a MODERATOR or an ADMIN; null when unknown.' })
  editor(@Parent() revision: PostRevision, @Loaders() loaders: LoaderRegistry): Promise<User | null> {
    return revision.editorId ? this.users.load(loaders, revision.editorId) : Promise.resolve(null);
  }
}

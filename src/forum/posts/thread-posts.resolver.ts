import { Args, Info, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { GraphQLResolveInfo } from 'graphql';
import { asksForOrganization } from '../../identity/organizations/user-organization.resolver';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { ConnectionArgs, ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { Thread } from '../threads/thread.type';
import { PostAccess } from './post-access.service';
import { Post } from './post.type';
import { PostsService } from './posts.service';

export const PostConnection = ConnectionType(Post);

/** The fields of Thread that come from its posts. */
@Resolver(() => Thread)
export class ThreadPostsResolver {
  constructor(
    private readonly posts: PostsService,
    private readonly access: PostAccess,
  ) {}

  @ResolveField('posts', () => PostConnection, {
    description:
      'Replies, oldest first (nested replies are in the list, with `parent`); deleted replies stay as tombstones, hidden ones are listed for MODERATOR and ADMIN only.',
  })
  listPosts(@Parent() thread: Thread, @CurrentViewer() viewer: Viewer | null, @Args() args: ConnectionArgs, @Loaders() loaders: LoaderRegistry, @Info() info: GraphQLResolveInfo) {
    return this.posts.listForThread(loaders, viewer, thread, args, { authorOrganization: asksForOrganization(info, 'edges.node.author') });
  }

  @ResolveField(() => Post, {
    nullable: true,
    description: 'The accepted answer of a QUESTION; null when there is none (or the thread is not a QUESTION), or when the viewer may not see it (hidden).',
  })
  acceptedAnswer(@Parent() thread: Thread, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return thread.acceptedPostId ? this.access.loadVisible(loaders, viewer, thread.acceptedPostId) : Promise.resolve(null);
  }
}

import { Args, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Public } from '../../access/access.decorators';
import { CurrentViewer, Viewer } from '../../access/viewer';
import { NotFoundError } from '../../platform/errors/domain-errors';
import { LoaderRegistry, Loaders } from '../../platform/graphql/loaders';
import { ConnectionType } from '../../platform/graphql/pagination/connection.types';
import { answerReadAhead } from '../../platform/graphql/read-ahead';
import { Post } from '../posts/post.type';
import { PostAccess } from '../posts/post-access.service';
import { Thread } from '../threads/thread.type';
import { ThreadAccess } from '../threads/thread-access.service';
import { SearchArgs } from './dto/search.args';
import { SearchHit } from './search-hit.type';
import { SearchService } from './search.service';

export const SearchHitConnection = ConnectionType(SearchHit);

@Resolver(() => SearchHit)
export class SearchResolver {
  constructor(
    private readonly searchService: SearchService,
    private readonly threads: ThreadAccess,
    private readonly posts: PostAccess,
  ) {}

  @Public()
  @Query(() => SearchHitConnection, {
    description:
      'Full-text search over the titles, bodies and replies of the threads the viewer may see (never hidden content except to MODERATOR and ADMIN, never deleted replies); ' +
      'stemmed by each item\'s language. Matches come in tiers by recency (at most 100 of the newest matches each; a term with up to about 500 matches is one tier), ' +
      'each ranked best first: relevance (a title above a body or a reply), then answered and accepted content, then the newest. ' +
      '`totalCount` is exact up to 1,000 matching threads and 1,000 matching replies, an estimate above. ' +
      'Anyone may call it. `BAD_USER_INPUT` for an empty query or one over 200 characters.',
  })
  search(@CurrentViewer() viewer: Viewer | null, @Args() args: SearchArgs, @Loaders() loaders: LoaderRegistry) {
    return this.searchService.search(viewer, args, loaders);
  }

  @ResolveField(() => Thread, { middleware: [answerReadAhead], description: 'The thread that matched, or the thread of the reply that matched.' })
  async thread(@Parent() hit: SearchHit, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Thread> {
    const thread = await this.threads.loadVisible(loaders, viewer, hit.threadId);
    if (!thread) throw new NotFoundError('The thread');
    return thread;
  }

  @ResolveField(() => Post, { nullable: true, middleware: [answerReadAhead], description: 'The matching reply; null when the thread itself matched.' })
  post(@Parent() hit: SearchHit, @CurrentViewer() viewer: Viewer | null, @Loaders() loaders: LoaderRegistry): Promise<Post | null> {
    return hit.postId ? this.posts.loadVisible(loaders, viewer, hit.postId) : Promise.resolve(null);
  }
}

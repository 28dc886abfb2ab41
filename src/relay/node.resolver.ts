import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Public } from '../access/access.decorators';
import { CurrentViewer, Viewer } from '../access/viewer';
import { BadInputError } from '../platform/errors/domain-errors';
import { LoaderRegistry, Loaders } from '../platform/graphql/loaders';
import { Node } from '../platform/graphql/node.interface';
import { NodeLoaders } from '../platform/graphql/node-loaders';

/** At most this many ids in one `nodes(ids:)`. */
export const MAX_NODE_IDS = 100;

/** Relay object identification: `node(id:)` and `nodes(ids:)` over every type that implements Node. */
@Resolver()
export class NodeResolver {
  constructor(private readonly loadersOfNodes: NodeLoaders) {}

  @Public()
  @Query(() => Node, {
    nullable: true,
    description:
      'Any object with a global id (Relay object identification); null when it does not exist or the viewer may not see it. Anyone may call it; a malformed id is `BAD_USER_INPUT`.',
  })
  node(
    @CurrentViewer() viewer: Viewer | null,
    @Loaders() loaders: LoaderRegistry,
    @Args('id', { type: () => ID, description: 'The global id (a UUID) of the object.' }) id: string,
  ): Promise<Node | null> {
    return this.loadersOfNodes.load(loaders, viewer, id);
  }

  @Public()
  @Query(() => [Node], {
    nullable: 'items',
    description: `Several objects by global id, in the order asked (at most ${MAX_NODE_IDS}, \`BAD_USER_INPUT\` beyond); null for each that does not exist or the viewer may not see. Anyone may call it.`,
  })
  nodes(
    @CurrentViewer() viewer: Viewer | null,
    @Loaders() loaders: LoaderRegistry,
    @Args('ids', { type: () => [ID], description: `Global ids (UUIDs), at most ${MAX_NODE_IDS}.` }) ids: string[],
  ): Promise<(Node | null)[]> {
    if (ids.length > MAX_NODE_IDS) throw new BadInputError(`At most ${MAX_NODE_IDS} ids at a time.`, 'ids');
    return Promise.all(ids.map((id) => this.loadersOfNodes.load(loaders, viewer, id)));
  }
}

import { Type } from '@nestjs/common';
import { ArgsType, Field, FieldMiddleware, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'Where a page of a connection stands (Relay cursor connections).' })
export class PageInfo {
  @Field({ description: 'Whether more items follow this page: ask again with `after: endCursor`.' })
  hasNextPage: boolean;

  @Field({ description: 'Whether items precede this page (true when it was asked for with `after`). Lists page forward only.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'Cursor of the first item of this page; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, { nullable: true, description: 'Cursor of the last item of this page, for `after`; null when the page is empty.' })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** totalCount may be a thunk: graphql-js calls it only when the client asks for the field. */
export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  totalCount: number | (() => Promise<number>);
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE, description: `Page size, 0 to ${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'Opaque cursor: the endCursor of the previous page.' })
  after?: string | null;
}

/**
 * Nest's code-first field resolver returns properties as they are (it does not call functions
 * like graphql-js's default resolver), so the lazy totalCount thunk is called here.
 */
const callThunk: FieldMiddleware = async (_ctx, next) => {
  const value = await next();
  return typeof value === 'function' ? (value as () => unknown)() : value;
};

const connectionTypes = new Map<Type<unknown>, Type<Connection<unknown>>>();

/**
 * Relay connection type for a node type: `XConnection { edges { cursor node } pageInfo totalCount }`.
 * Call it once per node type; the result is cached.
 */
export function ConnectionType<T>(nodeType: Type<T>, name: string = nodeType.name): Type<Connection<T>> {
  const cached = connectionTypes.get(nodeType);
  if (cached) return cached as Type<Connection<T>>;

  @ObjectType(`${name}Edge`, { description: `One ${name} of a page, with its cursor.` })
  class EdgeType {
    @Field({ description: 'Opaque cursor of this item: pass it as `after` to continue after it.' })
    cursor: string;

    @Field(() => nodeType, { description: `The ${name}.` })
    node: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${name} items (Relay cursor connection, keyset-paginated).` })
  class ConnectionTypeClass {
    @Field(() => [EdgeType], { description: 'The items of this page, in order.' })
    edges: EdgeType[];

    @Field(() => PageInfo, { description: 'Whether there are more pages, and the cursors to get them.' })
    pageInfo: PageInfo;

    @Field(() => Int, { middleware: [callThunk], description: 'How many items the whole list has for this viewer (counted only when asked for).' })
    totalCount: number;
  }

  connectionTypes.set(nodeType, ConnectionTypeClass as Type<Connection<unknown>>);
  return ConnectionTypeClass as unknown as Type<Connection<T>>;
}

import { Field, ID, InterfaceType } from '@nestjs/graphql';

/**
 * Relay object identification: every object with a global id implements `Node`, and
 * `node(id:)` / `nodes(ids:)` re-read any of them. Ids are UUIDs, unique across types.
 * Objects are class instances (`Thread.fromEntity` …), so the concrete type is their class.
 */
@InterfaceType('Node', {
  description: 'An object with a global id (a UUID), readable again with `node(id:)` under the same access rules as the lists that show it.',
  resolveType: (value: object) => value.constructor,
})
export abstract class Node {
  @Field(() => ID, { description: 'Global id (a UUID).' })
  id: string;
}

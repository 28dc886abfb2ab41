import { FragmentDefinitionNode, Kind, OperationDefinitionNode, FieldNode, parse } from 'graphql';
import { asksFor } from './selection';

/** The resolve info of the first root field of `document`. */
function infoOf(document: string) {
  const doc = parse(document);
  const operation = doc.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
  );
  return { fieldNodes: [operation.selectionSet.selections[0] as FieldNode], fragments };
}

describe('asksFor (reading ahead of field resolvers)', () => {
  it('finds fields by path under the current field, whatever their aliases', () => {
    const info = infoOf(`{ threads { total: totalCount edges { node { id writer: author { organization { id } } } } } }`);
    expect(asksFor(info, 'totalCount')).toBe(true);
    expect(asksFor(info, 'edges.node.author')).toBe(true);
    expect(asksFor(info, 'edges.node.author.organization')).toBe(true);
    expect(asksFor(info, 'edges.node.author.sector')).toBe(false);
    expect(asksFor(info, 'pageInfo')).toBe(false);
    expect(asksFor(info, 'threads')).toBe(false);
  });

  it('looks through fragments and inline fragments, and any of several selections of a field', () => {
    const info = infoOf(`
      query { threads { ...Page edges { node { id } } } }
      fragment Page on ThreadConnection { edges { node { ...Author } } ... on ThreadConnection { totalCount } }
      fragment Author on Thread { author { ... on User { sector } } }`);
    expect(asksFor(info, 'totalCount')).toBe(true);
    expect(asksFor(info, 'edges.node.id')).toBe(true);
    expect(asksFor(info, 'edges.node.author.sector')).toBe(true);
    expect(asksFor(info, 'edges.node.author.organization')).toBe(false);
  });

  it('counts a field under @skip or @include as asked (reads more, never less)', () => {
    const info = infoOf(`query($x: Boolean!) { threads { totalCount @include(if: $x) } }`);
    expect(asksFor(info, 'totalCount')).toBe(true);
  });
});

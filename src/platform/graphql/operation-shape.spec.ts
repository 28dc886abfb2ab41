import { buildSchema, parse } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { aliasesOverLimit, repeatedField, rootFieldCount, selectionDepth } from './operation-shape';
import { connectionEstimator } from './query-guard.plugin';

const schema = buildSchema(`
  type Query { search(query: String!, first: Int): Conn!, me: Item, item(id: ID!): Item }
  type Conn { totalCount: Int!, edges: [Item!]! }
  type Item { id: ID!, name: String, items(first: Int): Conn! }
`);

describe('operation shape (what the query guard limits)', () => {
  it('counts aliases with graphql-armor (fragments included, __typename free)', () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: search(query: "q${i}", first: 0) { totalCount }`).join(' ')} }`;
    expect(aliasesOverLimit(schema, parse(aliases(15)), 15)).toBeNull();
    expect(aliasesOverLimit(schema, parse(aliases(16)), 15)).toBe(16);
    expect(aliasesOverLimit(schema, parse(aliases(1000)), 15)).toBe(1000);
    const viaFragment = parse(`{ ...F ...F } fragment F on Query { ${Array.from({ length: 16 }, (_, i) => `x${i}: me { id }`).join(' ')} }`);
    expect(aliasesOverLimit(schema, viaFragment, 15)).not.toBeNull();
    expect(aliasesOverLimit(schema, parse('{ a: __typename b: __typename me { id } }'), 1)).toBeNull();
  });

  it('counts root fields through fragments, not introspection', () => {
    expect(rootFieldCount(parse('{ me { id } item(id: "1") { id } __typename }'))).toBe(2);
    expect(rootFieldCount(parse('{ ...F ... on Query { me { id } } } fragment F on Query { a: me { id } b: me { name } }'))).toBe(3);
    expect(rootFieldCount(parse('query A { me { id } } query B { a: me { id } b: me { id } c: me { id } }'), 'B')).toBe(3);
  });

  it('finds a field repeated under several aliases with the same arguments, at any level', () => {
    expect(repeatedField(parse('{ a: search(query: "x", first: 0) { totalCount } b: search(query: "x", first: 0) { totalCount } }'))).toBe('search');
    expect(repeatedField(parse('{ search(query: "x") { a: totalCount b: totalCount } }'))).toBe('totalCount');
    expect(repeatedField(parse('{ search(query: "x", first: 0) { totalCount } b: search(query: "x", first: 0) { totalCount } }'))).toBe('search');
    // different arguments, or the same response key (merged by GraphQL), are fine
    expect(repeatedField(parse('{ a: search(query: "x") { totalCount } b: search(query: "y") { totalCount } }'))).toBeNull();
    expect(repeatedField(parse('{ search(query: "x") { totalCount totalCount } ...F } fragment F on Query { search(query: "x") { totalCount } }'))).toBeNull();
  });

  it('does not count introspection in depth', () => {
    expect(selectionDepth(parse('{ item(id: "1") { items { edges { id } } } }'))).toBe(4);
    expect(selectionDepth(parse('{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }'))).toBe(0);
  });

  it('prices a connection at least as one item, and root fields and totalCount as database work', () => {
    const cost = (query: string) => getComplexity({ schema, query: parse(query), variables: {}, estimators: [connectionEstimator] });
    expect(cost('{ search(query: "x", first: 0) { totalCount } }')).toBe(cost('{ search(query: "x", first: 1) { totalCount } }'));
    expect(cost('{ search(query: "x", first: 0) { totalCount } }')).toBeGreaterThanOrEqual(20);
    expect(cost('{ me { id } }')).toBeGreaterThan(10);
    expect(cost('{ item(id: "1") { items(first: 0) { edges { id } } } }')).toBe(cost('{ item(id: "1") { items(first: 1) { edges { id } } } }'));
  });
});
